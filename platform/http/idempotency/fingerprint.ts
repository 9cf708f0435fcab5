import { createHash } from 'node:crypto';

const depthMax = 64;

/**
 * JSON with object keys sorted at every level, so two bodies that differ only in key
 * order fingerprint alike. Depth is bounded (bodies are already schema-validated and
 * size-limited; the bound only guards against a schema-less route).
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > depthMax) throw new Error('value nested too deeply to fingerprint');
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key], depth + 1)}`).join(',')}}`;
}

/** What makes two requests "the same request": method, route pattern, URL params and body. */
export function requestFingerprint(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256')
    .update(method)
    .update('\n')
    .update(route)
    .update('\n')
    .update(canonicalJson(params ?? {}))
    .update('\n')
    .update(canonicalJson(body ?? null))
    .digest('hex');
}
