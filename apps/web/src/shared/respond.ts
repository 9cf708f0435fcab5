import type { FastifyReply } from 'fastify';

/**
 * Pages are personal (cart count, signed-in name, CSRF token), so they are not stored
 * by shared caches. Scripts may only come from this origin (no inline script), which
 * also means a page never needs to trust data it prints.
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "object-src 'none'",
].join('; ');

export function sendHtml(reply: FastifyReply, page: string, statusCode = 200) {
  return reply
    .code(statusCode)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', contentSecurityPolicy)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .send(page);
}

/** POST → redirect → GET: 303 makes the browser GET the target, so a reload never re-posts. */
export function seeOther(reply: FastifyReply, location: string) {
  return reply.code(303).header('location', safeLocation(location)).header('cache-control', 'no-store').send();
}

const sameSiteBase = 'https://mercato.invalid';

/**
 * Only same-site paths: a `next=` parameter can never send the shopper elsewhere. The
 * value is parsed as a browser would (the URL parser drops tabs and newlines, reads `\`
 * as `/`), and kept only when it resolves to this site; what is returned is the parsed
 * path, so the browser follows exactly what was checked.
 */
export function safeLocation(location: string | undefined, fallback = '/'): string {
  if (location === undefined || !location.startsWith('/')) return fallback;
  let parsed: URL;
  try {
    parsed = new URL(location, sameSiteBase);
  } catch {
    return fallback;
  }
  if (parsed.origin !== sameSiteBase) return fallback;
  return `${parsed.pathname}${parsed.search}${parsed.hash}`;
}
