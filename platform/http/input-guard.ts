import type { FastifyInstance, FastifyRequest } from 'fastify';
import { HttpError } from './errors.ts';

/** How deep a JSON body may nest before the guard stops looking (the body limit bounds its size). */
const depthMax = 64;

/** A NUL byte, or a lone UTF-16 surrogate (not a character at all): nothing a database should see. */
function badString(value: string): boolean {
  return value.includes('\u0000') || !value.isWellFormed();
}

/** The path of the first bad string in `value`, or undefined. */
function findBadString(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return badString(value) ? path : undefined;
  if (value === null || typeof value !== 'object' || depth > depthMax) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (badString(key)) return `${path}.${key.replace(/[^\x20-\x7e]/g, '?')}`;
    const found = findBadString(item, `${path}.${key}`, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** `%00` anywhere in the raw URL (path or query), in either case. */
const encodedNul = /%00/i;

function refusal(path: string): HttpError {
  return new HttpError(400, 'invalid_request', 'The request is invalid.', {
    issues: [{ path, message: 'contains a NUL byte or an invalid character' }],
  });
}

/**
 * Strings that no field may hold are refused at the edge with 400, before any schema,
 * handler or query sees them: PostgreSQL rejects NUL in text (a 500 otherwise), and a
 * lone surrogate is not text. Covers the path, the query string and every string (and
 * key) of a JSON body.
 */
export function installInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request: FastifyRequest) => {
    const rawUrl = request.raw.url ?? '';
    if (encodedNul.test(rawUrl) || rawUrl.includes('\u0000')) throw refusal('url');
    let decoded: string;
    try {
      decoded = decodeURIComponent(rawUrl);
    } catch {
      throw refusal('url');
    }
    if (!decoded.isWellFormed()) throw refusal('url');
    const bad =
      findBadString(request.query, 'querystring') ??
      findBadString(request.params, 'params') ??
      findBadString(request.body, 'body');
    if (bad !== undefined) throw refusal(bad);
  });
}
