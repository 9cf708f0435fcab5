import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieJar } from './shared/cookies.ts';

/**
 * A guest reads their order with the access token the checkout answer gave once
 * (API.md: `GET /api/orders/{id}?token=`). The browser keeps the tokens of its last few
 * guest orders in an httpOnly cookie, so the token never appears in a URL (history,
 * logs, referrers).
 */
export type GuestOrders = {
  tokenOf(request: FastifyRequest, orderId: string): string | undefined;
  remember(request: FastifyRequest, reply: FastifyReply, orderId: string, token: string): void;
};

const cookieName = 'mercato_orders';
const ordersKept = 5;
const cookieSeconds = 60 * 60 * 24 * 30;
const tokenPattern = /^[A-Za-z0-9._~+/=-]{1,128}$/;

function read(jar: CookieJar, request: FastifyRequest): [string, string][] {
  const value = jar.get(request, cookieName);
  if (value === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter(
        (entry): entry is [string, string] =>
          Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string',
      )
      .slice(0, ordersKept);
  } catch {
    return [];
  }
}

export function createGuestOrders(jar: CookieJar): GuestOrders {
  return {
    tokenOf: (request, orderId) => read(jar, request).find(([id]) => id === orderId)?.[1],
    remember(request, reply, orderId, token) {
      if (!tokenPattern.test(token)) return;
      const entries = [[orderId, token], ...read(jar, request).filter(([id]) => id !== orderId)].slice(0, ordersKept);
      jar.set(request, reply, cookieName, Buffer.from(JSON.stringify(entries)).toString('base64url'), cookieSeconds);
    },
  };
}
