import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/mercato/src/app.ts';
import { readConfig } from '../../apps/mercato/src/config.ts';
import { createImagePool } from '../../apps/mercato/src/seed/images.ts';
import { seedDemoCatalog } from '../../apps/mercato/src/seed/seed.ts';

/**
 * Boots the real Mercato app for browser tests: a temporary data directory (PGlite,
 * in-process events), a small seeded demo catalog, the web pages, listening on
 * 127.0.0.1 on a free port.
 */
export type Shop = {
  readonly baseUrl: string;
  readonly app: Awaited<ReturnType<typeof createApp>>;
  /** Calls the public API over HTTP, as any client would. */
  api<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
};

export type BootOptions = {
  readonly products?: number;
  /** A staff account made at start (MERCATO_ADMIN_EMAIL / _PASSWORD). */
  readonly admin?: { readonly email: string; readonly password: string };
  /** Size of the seeded source images (default 400 px; smaller boots faster). */
  readonly imageSizePx?: number;
};

export const chromiumPath = '/usr/bin/chromium';
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Why browser tests cannot run here, or undefined when they can. With CI=true they must run. */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath) || process.env['CI'] === 'true') return undefined;
  return `${chromiumPath} is not installed (apt-get install chromium); browser tests skipped`;
}

export async function bootShop(options: BootOptions = {}): Promise<Shop> {
  const dataDir = await mkdtemp(join(tmpdir(), 'mercato-browser-'));
  const env: Record<string, string> = { LOG_LEVEL: 'warn' };
  if (options.admin !== undefined) {
    env['MERCATO_ADMIN_EMAIL'] = options.admin.email;
    env['MERCATO_ADMIN_PASSWORD'] = options.admin.password;
  }
  const config = readConfig({
    flags: { port: '0', host: '127.0.0.1', data: dataDir, products: '0' },
    env,
    cwd: dataDir,
  });
  const app = await createApp(config);
  await seedDemoCatalog({
    catalog: app.catalog,
    products: options.products ?? 24,
    logger: { info() {} },
    imagePool: createImagePool({ sizePx: options.imageSizePx ?? 400 }),
  });
  await app.host.drain();
  await app.start();
  const { port } = app.http.server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    app,
    async api<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
      const response = await fetch(baseUrl + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: (text === '' ? null : JSON.parse(text)) as T };
    },
    async close() {
      await app.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
