import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CookieJar } from './cookies.ts';

/**
 * One-shot messages across a POST → redirect → GET: the POST handler sets one ("Added
 * to your cart", "Your card was declined"), the next page shows it once and clears it.
 */
export type FlashKind = 'success' | 'error' | 'info';
export type FlashMessage = { readonly kind: FlashKind; readonly text: string };

export type Flash = {
  set(request: FastifyRequest, reply: FastifyReply, kind: FlashKind, text: string): void;
  /** The pending message, cleared as it is read. */
  take(request: FastifyRequest, reply: FastifyReply): FlashMessage | undefined;
};

const textLengthMax = 500;
const flashSeconds = 120;
const kinds: readonly string[] = ['success', 'error', 'info'];

export function createFlash(jar: CookieJar, cookieName: string): Flash {
  return {
    set(request, reply, kind, text) {
      const value = Buffer.from(JSON.stringify({ kind, text: text.slice(0, textLengthMax) })).toString('base64url');
      jar.set(request, reply, cookieName, value, flashSeconds);
    },
    take(request, reply) {
      const value = jar.get(request, cookieName);
      if (value === undefined) return undefined;
      jar.clear(request, reply, cookieName);
      try {
        const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as {
          kind?: unknown;
          text?: unknown;
        };
        if (typeof parsed.kind !== 'string' || !kinds.includes(parsed.kind) || typeof parsed.text !== 'string')
          return undefined;
        return { kind: parsed.kind as FlashKind, text: parsed.text.slice(0, textLengthMax) };
      } catch {
        return undefined;
      }
    },
  };
}
