import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The server under test runs as a child process, so the load generator and the server
 * never share an event loop (the machine has two cores: one each).
 */
export type ServerHandle = {
  readonly baseUrl: string;
  readonly dataDir: string;
  /** true when the data directory is kept in bench/.data/ across runs. */
  readonly cached: boolean;
  /** true when this start seeded the catalog (a fresh data directory). */
  readonly seeded: boolean;
  /** From spawn to the first 200 from /readyz, seeding included when it happened. */
  readonly startupMs: number;
  /** The server's process id, to read its CPU time (undefined if the spawn gave none). */
  readonly pid: number | undefined;
  /**
   * Stops the server and removes a temporary data directory; with `keepData` the
   * directory stays (e.g. for a measurement on the same database after the server),
   * until `removeData()`, a fatal error or Ctrl-C.
   */
  stop(options?: { readonly keepData?: boolean }): Promise<void>;
  /** Stops the server if it still runs and removes a temporary data directory. */
  removeData(): Promise<void>;
};

export type ServerSettings = {
  readonly products: number;
  /** Server environment added after the strip (e.g. the catalog cache's entry lifetime). */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * A fresh temporary data directory whatever the catalog size: for scenarios that
   * write (orders, stock), which must not change a cached catalog.
   */
  readonly temporaryData?: boolean;
  readonly log: (line: string) => void;
};

export const repoRoot = resolve(import.meta.dirname, '..');
/** Catalogs above this size keep their seeded data directory (seeding 100,000 products is slow). */
export const cachedProductsMin = 1001;

const bootDeadlineMs = 120_000;
/** Generous per-product seeding allowance, so the deadline bounds a hung start, not a slow seed. */
const seedMsPerProduct = 100;
const readyPollMs = 250;
const readyRequestTimeoutMs = 2_000;
const stopGraceMs = 15_000;
const outputTailLines = 40;
const forwardedLinesMax = 50;
const seededMarker = '.seeded';

/** Variables that would point the child at another topology or port than the bench chose. */
const strippedEnv = ['DATABASE_URL', 'DATABASE_POOL_SIZE', 'NATS_URL', 'PORT', 'HOST', 'LOG_LEVEL'];

/** The server could not be started; its message is the whole story, no stack needed. */
export class ServerError extends Error {
  override name = 'ServerError';
}

const running = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<void>>();

// A bench that dies any way at all must not leave a server behind.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Another child process of the bench (e.g. the database baseline): killed if the bench dies. */
export function trackChild(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
}

export function nodeBinary(): string {
  const projectNode = join(repoRoot, 'node_modules', '.bin', 'node');
  return existsSync(projectNode) ? projectNode : process.execPath;
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolvePort(port) : reject(new Error('no free port'))));
    });
  });
}

async function prepareDataDir(
  products: number,
  temporary: boolean,
): Promise<{ dataDir: string; cached: boolean; fresh: boolean }> {
  if (temporary || products < cachedProductsMin) {
    return { dataDir: await mkdtemp(join(tmpdir(), 'mercato-bench-')), cached: false, fresh: true };
  }
  const dataDir = join(repoRoot, 'bench', '.data', `catalog-${products}`);
  if (existsSync(join(dataDir, seededMarker))) return { dataDir, cached: true, fresh: false };
  // No marker: never seeded, or a seed that was interrupted. Start over.
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  return { dataDir, cached: true, fresh: true };
}

function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (strippedEnv.includes(name) || name.startsWith('MERCATO_')) continue;
    env[name] = value;
  }
  return env;
}

/** Keeps the last lines of the child's output for error messages; forwards the first few. */
function outputCollector(child: ChildProcess, log: (line: string) => void) {
  const tail: string[] = [];
  let forwarded = 0;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      tail.push(line);
      if (tail.length > outputTailLines) tail.shift();
      forwarded += 1;
      if (forwarded <= forwardedLinesMax) log(`[server] ${line}`);
      else if (forwarded === forwardedLinesMax + 1) log('[server] (further output not shown)');
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  // For error messages: the output when it was not all shown already.
  return () => (forwarded <= forwardedLinesMax ? '(its output is above)' : `its last lines:\n${tail.join('\n')}`);
}

async function isReady(baseUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(readyRequestTimeoutMs) });
    await response.arrayBuffer();
    return response.status === 200;
  } catch {
    return false;
  }
}

async function waitReady(baseUrl: string, child: ChildProcess, deadlineMs: number, tail: () => string) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new ServerError(`the server exited (${child.exitCode ?? child.signalCode}) before it was ready; ${tail()}`);
    }
    if (await isReady(baseUrl)) return;
    await new Promise((wake) => setTimeout(wake, readyPollMs));
  }
  throw new ServerError(`the server was not ready within ${Math.round(deadlineMs / 1000)} s; ${tail()}`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), stopGraceMs);
  });
  if ((await Promise.race([exited, graceOver])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}

export async function startServer({
  products,
  log,
  env = {},
  temporaryData = false,
}: ServerSettings): Promise<ServerHandle> {
  const { dataDir, cached, fresh } = await prepareDataDir(products, temporaryData);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const args = ['apps/mercato/src/cli.ts', 'start', '--host', '127.0.0.1', '--port', String(port)];
  args.push('--data', dataDir, '--products', String(products), '--log-level', 'warn');
  const kind = cached ? (fresh ? 'a new cached' : 'the cached') : 'a temporary';
  log(`starting the server with ${kind} data directory ${dataDir}${fresh ? `, seeding ${products} products` : ''}`);

  const startedAt = performance.now();
  const child = spawn(nodeBinary(), args, {
    cwd: repoRoot,
    env: { ...childEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  const tail = outputCollector(child, log);
  let stopping: Promise<void> | undefined;
  const stopProcess = () => {
    stopping ??= stopChild(child);
    return stopping;
  };
  let removing: Promise<void> | undefined;
  const cleanup = () => {
    removing ??= (async () => {
      await stopProcess();
      if (!cached) await rm(dataDir, { recursive: true, force: true });
      cleanups.delete(cleanup);
    })();
    return removing;
  };
  cleanups.add(cleanup);
  const stop = async (options?: { readonly keepData?: boolean }) => {
    await stopProcess();
    if (options?.keepData !== true) await cleanup();
  };

  try {
    await waitReady(baseUrl, child, bootDeadlineMs + (fresh ? products * seedMsPerProduct : 0), tail);
  } catch (error) {
    await cleanup();
    if (cached && fresh) await rm(dataDir, { recursive: true, force: true });
    if (cached && !fresh && error instanceof ServerError) {
      // A cached catalog outlives migrations and seed changes; seeding anew is the usual cure.
      throw new ServerError(`${error.message}\n(with the cached data directory ${dataDir}: delete it to seed again)`);
    }
    throw error;
  }
  const startupMs = Math.round(performance.now() - startedAt);
  if (cached && fresh) await writeFile(join(dataDir, seededMarker), `${new Date().toISOString()}\n`);
  log(
    fresh
      ? `seeded ${products} products and started in ${(startupMs / 1000).toFixed(1)} s`
      : `started in ${(startupMs / 1000).toFixed(1)} s`,
  );
  return { baseUrl, dataDir, cached, seeded: fresh, startupMs, pid: child.pid, stop, removeData: cleanup };
}

/** Stops every server still running and removes its temporary data; for SIGINT and fatal errors. */
export async function stopAllServers(): Promise<void> {
  await Promise.all([...cleanups].map((cleanup) => cleanup()));
}
