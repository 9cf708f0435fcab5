import type { FastifyInstance } from 'fastify';

/** One year, as browsers' preload lists expect of HSTS. */
const hstsMaxAgeSeconds = 31_536_000;

/**
 * Headers that depend on how the answer travels:
 * - over HTTPS (directly, or behind a proxy trusted through `trustedProxyHops`, whose
 *   `X-Forwarded-Proto` then sets `request.protocol`), every answer carries HSTS so the
 *   browser never tries plain HTTP again;
 * - an API answer is private unless its route says otherwise: without a
 *   `Cache-Control` of the route's own it gets `no-store`, so no shared cache or
 *   browser history keeps an order, a cart or a token. Routes that serve public,
 *   cacheable content (images, the key set) set their own.
 */
export function installTransportHeaders(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') {
      reply.header('strict-transport-security', `max-age=${hstsMaxAgeSeconds}; includeSubDomains`);
    }
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
}
