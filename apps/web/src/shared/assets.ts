import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Static assets (the stylesheet, the scripts) under content-addressed URLs:
 * `/assets/<name>.<hash>.<ext>`. A new file gets a new URL, so every answer may be cached
 * for a year (`immutable`); pages always link the current one. Files are read and
 * compressed once at boot (Brotli at its best quality, gzip as the fallback).
 */

type Asset = {
  readonly url: string;
  readonly contentType: string;
  readonly identity: Buffer;
  readonly brotli: Buffer;
  readonly gzip: Buffer;
};

export type Assets = {
  /** Registers a file (read now) under its name, e.g. `add('app.js', path)`; answers its URL. */
  add(name: string, filePath: string): string;
  /** The content-addressed URL of a registered asset; throws for an unknown name (a bug). */
  url(name: string): string;
  /** Bytes sent for a name: `{ identity, brotli, gzip }` sizes, for budgets and tests. */
  sizes(name: string): { identity: number; brotli: number; gzip: number };
  /** The `GET /assets/:file` route. */
  routes(app: FastifyInstance): void;
};

const contentTypes: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

const assetsMax = 100;
const yearSeconds = 31_536_000;

function build(name: string, bytes: Buffer): Asset {
  const extension = extname(name);
  const contentType = contentTypes[extension];
  if (contentType === undefined) throw new Error(`assets: no content type for ${name}`);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
  const stem = basename(name, extension);
  return {
    url: `/assets/${stem}.${hash}${extension}`,
    contentType,
    identity: bytes,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    gzip: gzipSync(bytes, { level: 9 }),
  };
}

function accepts(request: FastifyRequest, encoding: string): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && header.split(',').some((part) => part.trim().split(';')[0] === encoding);
}

function send(request: FastifyRequest, reply: FastifyReply, asset: Asset) {
  reply
    .header('content-type', asset.contentType)
    .header('cache-control', `public, max-age=${yearSeconds}, immutable`)
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff');
  if (accepts(request, 'br')) return reply.header('content-encoding', 'br').send(asset.brotli);
  if (accepts(request, 'gzip')) return reply.header('content-encoding', 'gzip').send(asset.gzip);
  return reply.send(asset.identity);
}

export function createAssets(): Assets {
  const byName = new Map<string, Asset>();
  const byUrl = new Map<string, Asset>();
  const get = (name: string): Asset => {
    const asset = byName.get(name);
    if (asset === undefined) throw new Error(`assets: ${name} was never added`);
    return asset;
  };
  return {
    add(name, filePath) {
      if (byName.size >= assetsMax && !byName.has(name)) throw new Error(`assets: more than ${assetsMax} files`);
      const asset = build(name, readFileSync(filePath));
      byName.set(name, asset);
      byUrl.set(asset.url, asset);
      return asset.url;
    },
    url: (name) => get(name).url,
    sizes(name) {
      const asset = get(name);
      return { identity: asset.identity.length, brotli: asset.brotli.length, gzip: asset.gzip.length };
    },
    routes(app) {
      app.get('/assets/:file', { config: { auth: 'public' } }, async (request, reply) => {
        const asset = byUrl.get(request.url.split('?')[0] ?? '');
        if (asset === undefined)
          return reply.code(404).header('cache-control', 'no-store').type('text/plain').send('Not found');
        return send(request, reply, asset);
      });
    },
  };
}
