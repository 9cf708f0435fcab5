import type { FastifyReply, FastifyRequest } from 'fastify';

/**
 * Every cookie the web pages set has the same safe flags: httpOnly (scripts never see
 * a token), SameSite=Lax (not sent on cross-site POSTs), Secure when the page came over
 * HTTPS (behind a TLS-terminating proxy set `trustedProxyHops` so `request.protocol` is
 * right), and a path.
 */
export type CookieJar = {
  get(request: FastifyRequest, name: string): string | undefined;
  /** `maxAgeSeconds` undefined → a browser-session cookie. */
  set(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds?: number): void;
  clear(request: FastifyRequest, reply: FastifyReply, name: string): void;
};

const valueLengthMax = 4096;

export function cookieJar(path: string): CookieJar {
  const options = (request: FastifyRequest) => ({
    path,
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: request.protocol === 'https',
  });
  return {
    get(request, name) {
      const value = request.cookies[name];
      return value === undefined || value === '' || value.length > valueLengthMax ? undefined : value;
    },
    set(request, reply, name, value, maxAgeSeconds) {
      reply.setCookie(name, value, {
        ...options(request),
        ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
      });
    },
    clear(request, reply, name) {
      reply.clearCookie(name, options(request));
    },
  };
}
