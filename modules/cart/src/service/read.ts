import type { Queryable } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import type { CallerId, Cart, PriceCode, PriceInput, Totals } from '../contract.ts';
import { cartNotFound, visibleTo } from '../domain/cart.ts';
import { taxRateOf } from '../domain/totals.ts';
import * as store from '../store.ts';
import { type CartDeps, writeTimes } from './deps.ts';
import { toCart, totalsOf } from './views.ts';

const countryPattern = /^[A-Z]{2}$/;

/** The cart as answered, read in `q` (a transaction sees its own writes). It must exist. */
export async function loadCart(deps: CartDeps, q: Queryable, cartId: string): Promise<Cart> {
  const record = await store.cartRecord(q, cartId, deps.clock.now());
  assert(record !== undefined, `cart ${cartId} vanished inside its own transaction`);
  return toCart(record);
}

/** Creating, reading and pricing carts. */
export function createCartReads(deps: CartDeps) {
  const { db, clock } = deps;

  return {
    async createCart(customerId: CallerId): Promise<Cart> {
      const id = deps.ids.next('cart');
      await store.insertCart(db, { id, customerId, currency: deps.config.currency, ...writeTimes(deps) });
      return loadCart(deps, db, id);
    },

    async getCart(cartId: string, caller: CallerId): Promise<Result<Cart, 'cart_not_found'>> {
      const record = await store.cartRecord(db, cartId, clock.now());
      return visibleTo(record, caller) ? ok(toCart(record)) : cartNotFound();
    },

    async getCurrentCart(customerId: string): Promise<Result<Cart, 'cart_not_found'>> {
      const current = await store.openCartOf(db, customerId, clock.now(), false);
      if (current === undefined) return fail('cart_not_found', 'You have no open cart.');
      const record = await store.cartRecord(db, current.id, clock.now());
      return record === undefined ? fail('cart_not_found', 'You have no open cart.') : ok(toCart(record));
    },

    async priceCart(cartId: string, input: PriceInput): Promise<Result<Totals, PriceCode>> {
      if (!countryPattern.test(input.country))
        return fail('invalid_country', 'The country must be an ISO 3166-1 alpha-2 code such as "DE".');
      assert(
        Number.isSafeInteger(input.shipping.amount) && input.shipping.amount >= 0,
        `bad shipping price: ${input.shipping.amount}`,
      );
      const record = await store.cartRecord(db, cartId, clock.now());
      if (record === undefined) return cartNotFound();
      if (input.shipping.currency !== record.currency) {
        return fail(
          'currency_mismatch',
          `The shipping price is in ${input.shipping.currency}; the cart is in ${record.currency}.`,
        );
      }
      return ok(totalsOf(record, input.shipping.amount, taxRateOf(deps.config, input.country)));
    },
  };
}
