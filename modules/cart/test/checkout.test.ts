import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '@mercato/catalog/contract';
import type { Db } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Cart } from '../src/contract.ts';
import { as, bootCart, type CartHost, codeOf, usd, value } from './support.ts';

/** Two check-outs of one cart at the same time, by different orders: how many won. */
async function race(checkOut: (orderId: string) => Promise<boolean>): Promise<number> {
  const outcomes = await Promise.all([checkOut('ord_a'), checkOut('ord_b')]);
  return outcomes.filter(Boolean).length;
}

/**
 * The broken variant a safety test must catch: read the status, then write it. Both
 * transactions read `open` before either writes (the barrier makes that certain), and
 * the UPDATE without a condition lets the second overwrite the first.
 */
async function readThenWriteCheckOut(
  db: Db,
  cartId: string,
  orderId: string,
  bothRead: () => Promise<void>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string }>('SELECT status FROM cart.carts WHERE id = $1', [cartId]);
    await bothRead();
    if (rows[0]?.status !== 'open') return false;
    await tx.query(`UPDATE cart.carts SET status = 'checked_out', order_id = $2 WHERE id = $1`, [cartId, orderId]);
    return true;
  });
}

function barrier(parties: number): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    release = resolve;
  });
  return async () => {
    arrived += 1;
    if (arrived === parties) release();
    await all;
  };
}

for (const target of testDbTargets()) {
  describe(`cart checkout calls on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CartHost;
    let lamp: Product;

    before(async () => {
      host = await bootCart(target, { config: { taxRatesBasisPoints: { DE: 1900, FR: 2000, US: 0 } } });
      lamp = await host.product('Desk Lamp', [{ sku: 'LAMP', price: 10_000, stock: 100 }]);
    });

    after(() => host?.close());

    async function filledCart(customerId: string | null = null): Promise<Cart> {
      const cart = await host.apis.cart.createCart(customerId);
      return value(await host.apis.cart.addItem(cart.id, customerId, { variantId: lamp.variants[0]!.id, quantity: 1 }));
    }

    it('freezes a cart for one order, and answers the same order again as a success', async () => {
      const cart = await filledCart();
      const frozen = value(await host.apis.cart.markCheckedOut(cart.id, 'ord_1'));
      assert.equal(frozen.status, 'checked_out');
      assert.equal(frozen.orderId, 'ord_1');
      assert.deepEqual(frozen.items, cart.items);
      assert.deepEqual(value(await host.apis.cart.markCheckedOut(cart.id, 'ord_1')), frozen);
      assert.equal(codeOf(await host.apis.cart.markCheckedOut(cart.id, 'ord_2')), 'cart_already_checked_out');
      const { rows } = await host.db.query<{ data: { orderId: string } }>(
        `SELECT data FROM cart.outbox WHERE type = 'cart.cart_checked_out' AND data->>'cartId' = $1 LIMIT 10`,
        [cart.id],
      );
      assert.deepEqual(
        rows.map((row) => row.data.orderId),
        ['ord_1'],
      );
    });

    it('refuses item changes of a checked-out cart with 409 cart_already_checked_out', async () => {
      const cart = await filledCart();
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_frozen'));
      const itemId = cart.items[0]!.id;
      const attempts = [
        await host.app.inject({
          method: 'POST',
          url: `/api/carts/${cart.id}/items`,
          payload: { variantId: lamp.variants[0]!.id, quantity: 1 },
        }),
        await host.app.inject({
          method: 'PATCH',
          url: `/api/carts/${cart.id}/items/${itemId}`,
          payload: { quantity: 2 },
        }),
        await host.app.inject({ method: 'DELETE', url: `/api/carts/${cart.id}/items/${itemId}` }),
      ];
      for (const attempt of attempts) {
        assert.equal(attempt.statusCode, 409);
        assert.equal((attempt.json() as { error: { code: string } }).error.code, 'cart_already_checked_out');
      }
      assert.equal(codeOf(await host.apis.cart.mergeCarts(cart.id, 'cus_late')), 'cart_already_checked_out');
    });

    it('answers cart_empty, cart_not_found and cart_merged instead of freezing', async () => {
      const empty = await host.apis.cart.createCart(null);
      assert.equal(codeOf(await host.apis.cart.markCheckedOut(empty.id, 'ord_e')), 'cart_empty');
      assert.equal(codeOf(await host.apis.cart.markCheckedOut('cart_nope', 'ord_e')), 'cart_not_found');
      const anonymous = await filledCart();
      value(await host.apis.cart.mergeCarts(anonymous.id, 'cus_merger'));
      assert.equal(codeOf(await host.apis.cart.markCheckedOut(anonymous.id, 'ord_m')), 'cart_merged');
    });

    it('reopens a cart for the order that froze it, and only for that order', async () => {
      const cart = await filledCart('cus_reopen');
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_x'));
      assert.equal(codeOf(await host.apis.cart.reopenCart(cart.id, 'ord_y')), 'cart_checked_out_by_another_order');
      const reopened = value(await host.apis.cart.reopenCart(cart.id, 'ord_x'));
      assert.equal(reopened.status, 'open');
      assert.equal(reopened.orderId, null);
      assert.deepEqual(value(await host.apis.cart.reopenCart(cart.id, 'ord_x')), reopened);
      const added = await host.apis.cart.addItem(cart.id, 'cus_reopen', {
        variantId: lamp.variants[0]!.id,
        quantity: 1,
      });
      assert.equal(value(added).items[0]?.quantity, 2);
      assert.equal(codeOf(await host.apis.cart.reopenCart('cart_nope', 'ord_x')), 'cart_not_found');
      // A new checkout may freeze it again.
      assert.equal(value(await host.apis.cart.markCheckedOut(cart.id, 'ord_z')).orderId, 'ord_z');
    });

    it('gets a cart with the caller’s ownership rule, whatever its status', async () => {
      const cart = await filledCart('cus_get');
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_get'));
      assert.equal(value(await host.apis.cart.getCart(cart.id, 'cus_get')).status, 'checked_out');
      assert.equal(codeOf(await host.apis.cart.getCart(cart.id, null)), 'cart_not_found');
      assert.equal(codeOf(await host.apis.cart.getCart(cart.id, 'cus_else')), 'cart_not_found');
    });

    it('prices a cart with the country’s tax on subtotal plus shipping, rounded half up', async () => {
      const cart = await host.apis.cart.createCart(null);
      value(await host.apis.cart.addItem(cart.id, null, { variantId: lamp.variants[0]!.id, quantity: 3 }));
      const germany = value(await host.apis.cart.priceCart(cart.id, { country: 'DE', shipping: usd(499) }));
      // (30,000 + 499) × 19% = 5,794.81 → 5,795
      assert.deepEqual(germany, {
        subtotal: usd(30_000),
        discount: usd(0),
        shipping: usd(499),
        tax: usd(5795),
        total: usd(36_294),
      });
      assert.deepEqual(
        value(await host.apis.cart.priceCart(cart.id, { country: 'US', shipping: usd(0) })).total,
        usd(30_000),
      );
      assert.deepEqual(
        value(await host.apis.cart.priceCart(cart.id, { country: 'JP', shipping: usd(100) })).tax,
        usd(0),
      );
      assert.equal(
        codeOf(await host.apis.cart.priceCart(cart.id, { country: 'germany', shipping: usd(0) })),
        'invalid_country',
      );
      assert.equal(
        codeOf(await host.apis.cart.priceCart(cart.id, { country: 'DE', shipping: { amount: 1, currency: 'EUR' } })),
        'currency_mismatch',
      );
      assert.equal(
        codeOf(await host.apis.cart.priceCart('cart_nope', { country: 'DE', shipping: usd(0) })),
        'cart_not_found',
      );
      // A plain cart still shows no shipping and no tax.
      assert.deepEqual(value(await host.apis.cart.getCart(cart.id, null)).totals.tax, usd(0));
    });

    it('lets exactly one of two concurrent checkouts with different orders win', async () => {
      for (let round = 0; round < 5; round++) {
        const cart = await filledCart();
        const winners = await race(async (orderId) => (await host.apis.cart.markCheckedOut(cart.id, orderId)).ok);
        assert.equal(winners, 1);
      }
    });

    it('counts every one of several concurrent adds of one variant (writes of a cart take turns)', async () => {
      const cart = await host.apis.cart.createCart(null);
      const adds = Array.from({ length: 6 }, () =>
        host.apis.cart.addItem(cart.id, null, { variantId: lamp.variants[0]!.id, quantity: 2 }),
      );
      for (const result of await Promise.all(adds)) value(result);
      assert.equal(value(await host.apis.cart.getCart(cart.id, null)).items[0]?.quantity, 12);
    });

    it('would let both win with a read-then-write update (the broken variant this guards against)', {
      skip: target.name === 'pglite' ? 'PGlite runs one transaction at a time, so no two can interleave' : undefined,
    }, async () => {
      const cart = await filledCart();
      const bothRead = barrier(2);
      const winners = await race((orderId) => readThenWriteCheckOut(host.db, cart.id, orderId, bothRead));
      assert.equal(winners, 2);
    });

    it('answers checked-out carts to the HTTP owner with status and order id', async () => {
      const cart = await filledCart('cus_http');
      value(await host.apis.cart.markCheckedOut(cart.id, 'ord_http'));
      const response = await host.app.inject({ method: 'GET', url: `/api/carts/${cart.id}`, headers: as('cus_http') });
      assert.equal((response.json() as Cart).orderId, 'ord_http');
    });
  });
}
