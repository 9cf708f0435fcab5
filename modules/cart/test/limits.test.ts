import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '@mercato/catalog/contract';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import { cartLimits } from '../src/contract.ts';
import { bootCart, type CartHost, codeOf, value } from './support.ts';

const dayMs = 24 * 60 * 60_000;

for (const target of testDbTargets()) {
  describe(`cart limits and expiry on ${target.name}`, { skip: target.skipReason }, () => {
    const clock = manualClock(new Date('2026-03-01T00:00:00Z'));
    let host: CartHost;
    let rack: Product;

    before(async () => {
      host = await bootCart(target, { clock, config: { idleTtlMs: 30 * dayMs } });
      const variants = Array.from({ length: cartLimits.linesMax + 1 }, (_, i) => ({
        sku: `RACK-${i}`,
        price: 100 + i,
        stock: 2000,
      }));
      rack = await host.product('Rack', variants);
    });

    after(() => host?.close());

    const variantId = (index: number) => rack.variants[index]!.id;

    it('holds at most 50 lines (409 cart_full), and merging into a full cart is refused', async () => {
      const cart = await host.apis.cart.createCart('cus_full');
      for (let i = 0; i < cartLimits.linesMax; i++)
        value(await host.apis.cart.addItem(cart.id, 'cus_full', { variantId: variantId(i), quantity: 1 }));
      const response = await host.app.inject({
        method: 'POST',
        url: `/api/carts/${cart.id}/items`,
        headers: { 'x-test-customer': 'cus_full' },
        payload: { variantId: variantId(cartLimits.linesMax), quantity: 1 },
      });
      assert.equal(response.statusCode, 409);
      assert.equal((response.json() as { error: { code: string } }).error.code, 'cart_full');
      // Adding to a line already there is still fine.
      assert.equal(
        value(await host.apis.cart.addItem(cart.id, 'cus_full', { variantId: variantId(0), quantity: 1 })).items.length,
        50,
      );
      const anonymous = await host.apis.cart.createCart(null);
      value(
        await host.apis.cart.addItem(anonymous.id, null, { variantId: variantId(cartLimits.linesMax), quantity: 1 }),
      );
      assert.equal(codeOf(await host.apis.cart.mergeCarts(anonymous.id, 'cus_full')), 'cart_full');
      assert.equal(value(await host.apis.cart.getCart(anonymous.id, null)).status, 'open');
    });

    it('holds at most 999 units in a line (409 quantity_limit_exceeded)', async () => {
      const cart = await host.apis.cart.createCart(null);
      value(await host.apis.cart.addItem(cart.id, null, { variantId: variantId(0), quantity: 999 }));
      assert.equal(
        codeOf(await host.apis.cart.addItem(cart.id, null, { variantId: variantId(0), quantity: 1 })),
        'quantity_limit_exceeded',
      );
      assert.equal(codeOf(await host.apis.cart.updateItem(cart.id, null, 'item_x', 1000)), 'invalid_quantity');
    });

    it('expires a cart left idle for the configured time; a write starts the idle time again', async () => {
      const idle = await host.apis.cart.createCart(null);
      const busy = await host.apis.cart.createCart(null);
      clock.advance(20 * dayMs);
      value(await host.apis.cart.addItem(busy.id, null, { variantId: variantId(1), quantity: 1 }));
      clock.advance(10 * dayMs);
      assert.equal(codeOf(await host.apis.cart.getCart(idle.id, null)), 'cart_not_found');
      assert.equal(
        codeOf(await host.apis.cart.addItem(idle.id, null, { variantId: variantId(1), quantity: 1 })),
        'cart_not_found',
      );
      assert.equal(value(await host.apis.cart.getCart(busy.id, null)).items.length, 1);
      assert.equal((await host.app.inject({ method: 'GET', url: `/api/carts/${idle.id}` })).statusCode, 404);
    });

    it('sweeps expired carts and their lines in bounded batches', async () => {
      clock.advance(31 * dayMs);
      const count = async () =>
        (await host.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cart.carts')).rows[0]!.n;
      const before = await count();
      assert.ok(before >= 3);
      assert.equal(await host.apis.cart.sweepExpired(2), 2);
      assert.equal(await count(), before - 2);
      let deleted = 2;
      for (let pass = 0; pass < 10; pass++) {
        const swept = await host.apis.cart.sweepExpired(2);
        deleted += swept;
        if (swept === 0) break;
      }
      assert.equal(deleted, before);
      const lines = await host.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cart.items');
      assert.equal(lines.rows[0]!.n, 0);
    });
  });
}
