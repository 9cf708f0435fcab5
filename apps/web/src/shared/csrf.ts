import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieJar } from './cookies.ts';

/**
 * CSRF protection for form POSTs, in two layers:
 * - SameSite=Lax cookies: a cross-site form post arrives without the session at all;
 * - a token in every form (`<input name="_csrf">`, or the `x-csrf-token` header from
 *   scripts) that must equal HMAC(secret, the browser's random CSRF cookie). Another
 *   site can neither read the cookie nor compute the HMAC.
 * A present `Origin` header must also name this host.
 */
export type Csrf = {
  /** The token for forms on this page; sets the browser's CSRF cookie when it has none. */
  token(request: FastifyRequest, reply: FastifyReply): string;
  /** True when the request carries a valid token and no foreign Origin. */
  verify(request: FastifyRequest): boolean;
  /** The form field name: `_csrf`. */
  readonly field: string;
};

const field = '_csrf';
const cookieSeconds = 60 * 60 * 24 * 30;

function sameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function submitted(request: FastifyRequest): string | undefined {
  const header = request.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const body = request.body as Record<string, unknown> | undefined;
  const value = body?.[field];
  return typeof value === 'string' ? value : undefined;
}

export function createCsrf(options: { secret: string; cookieName: string; jar: CookieJar }): Csrf {
  const { jar, cookieName } = options;
  const sign = (nonce: string) => createHmac('sha256', options.secret).update(nonce).digest('base64url');
  // One nonce per request, so several forms on a page share it even before the cookie exists.
  const issued = new WeakMap<FastifyRequest, string>();
  return {
    field,
    token(request, reply) {
      let nonce = issued.get(request) ?? jar.get(request, cookieName);
      if (nonce === undefined) {
        nonce = randomBytes(18).toString('base64url');
        jar.set(request, reply, cookieName, nonce, cookieSeconds);
      }
      issued.set(request, nonce);
      return sign(nonce);
    },
    verify(request) {
      const nonce = jar.get(request, cookieName);
      const given = submitted(request);
      if (nonce === undefined || given === undefined || !sameOrigin(request)) return false;
      const expected = Buffer.from(sign(nonce));
      const actual = Buffer.from(given);
      return expected.length === actual.length && timingSafeEqual(expected, actual);
    },
  };
}
