import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiAnswer } from './shared/api.ts';
import type { WebShared } from './shared/index.ts';
import type { Session } from './shared/session.ts';
import type { Cart } from './types.ts';

/**
 * The browser's cart: its id in an httpOnly cookie (`mercato_cart`), and the number of
 * units in `mercato_cart_n` so every page can show the count without asking the API.
 * A signed-in shopper without the cookie gets their current cart from the API; an
 * anonymous cart is merged into the customer's at sign-in (cart README).
 */
export type CartState = {
  id(request: FastifyRequest): string | undefined;
  count(request: FastifyRequest): number;
  /** Keeps an answered cart's id and count (drops it when it is no longer open). */
  remember(request: FastifyRequest, reply: FastifyReply, cart: Cart): void;
  forget(request: FastifyRequest, reply: FastifyReply): void;
  /** The open cart of this browser, or undefined when it has none. */
  load(request: FastifyRequest, reply: FastifyReply): Promise<Cart | undefined>;
  /** The open cart, made when there is none; the API's answer when making fails. */
  ensure(request: FastifyRequest, reply: FastifyReply): Promise<{ cart: Cart } | { failure: ApiAnswer }>;
  /** After sign-in: fold the anonymous cart into the customer's (or pick up theirs). */
  adopt(request: FastifyRequest, reply: FastifyReply, anonymousCartId: string | undefined): Promise<void>;
};

const idCookie = 'mercato_cart';
const countCookie = 'mercato_cart_n';
const cartCookieSeconds = 60 * 60 * 24 * 30;
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function createCartState(shared: WebShared, session: Session): CartState {
  const { jar } = shared;
  // What this request has set or cleared, so later reads in the same request see it.
  const changed = new WeakMap<FastifyRequest, { id: string | undefined; count: number }>();
  const state: CartState = {
    id(request) {
      const known = changed.get(request);
      if (known !== undefined) return known.id;
      const id = jar.get(request, idCookie);
      return id !== undefined && idPattern.test(id) ? id : undefined;
    },
    count(request) {
      const known = changed.get(request);
      if (known !== undefined) return known.count;
      const count = Number(jar.get(request, countCookie) ?? '0');
      return Number.isInteger(count) && count > 0 ? Math.min(count, 99_999) : 0;
    },
    remember(request, reply, cart) {
      if (cart.status !== undefined && cart.status !== 'open') {
        state.forget(request, reply);
        return;
      }
      const units = cart.items.reduce((sum, item) => sum + item.quantity, 0);
      if (state.id(request) !== cart.id) jar.set(request, reply, idCookie, cart.id, cartCookieSeconds);
      if (state.count(request) !== units) jar.set(request, reply, countCookie, String(units), cartCookieSeconds);
      changed.set(request, { id: cart.id, count: units });
    },
    forget(request, reply) {
      if (state.id(request) !== undefined) jar.clear(request, reply, idCookie);
      if (state.count(request) !== 0) jar.clear(request, reply, countCookie);
      changed.set(request, { id: undefined, count: 0 });
    },
    async load(request, reply) {
      const id = state.id(request);
      const path = id !== undefined ? `/api/carts/${id}` : session.signedIn(request) ? '/api/carts/current' : undefined;
      if (path === undefined) return undefined;
      const answer = await session.call<Cart>(request, reply, { path });
      if (answer.status !== 200 || (answer.body.status !== undefined && answer.body.status !== 'open')) {
        state.forget(request, reply);
        // A cart that is gone (merged, ordered, another owner): a signed-in shopper may still have one.
        if (id !== undefined && session.signedIn(request)) return state.load(request, reply);
        return undefined;
      }
      state.remember(request, reply, answer.body);
      return answer.body;
    },
    async ensure(request, reply) {
      const existing = await state.load(request, reply);
      if (existing !== undefined) return { cart: existing };
      const answer = await session.call<Cart>(request, reply, { method: 'POST', path: '/api/carts', body: {} });
      if (answer.status !== 201) return { failure: answer };
      state.remember(request, reply, answer.body);
      return { cart: answer.body };
    },
    async adopt(request, reply, anonymousCartId) {
      state.forget(request, reply);
      if (anonymousCartId !== undefined) {
        const merged = await session.call<Cart>(request, reply, {
          method: 'POST',
          path: `/api/carts/${anonymousCartId}/merge`,
          body: {},
        });
        if (merged.status === 200) {
          state.remember(request, reply, merged.body);
          return;
        }
      }
      await state.load(request, reply);
    },
  };
  return state;
}
