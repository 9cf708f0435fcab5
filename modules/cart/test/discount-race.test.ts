import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Product } from '@mercato/catalog/contract';
import type { Db } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Discount } from '../src/contract.ts';
import { bootCart, type CartHost, codeOf, value } from './support.ts';

/** Buyers racing for the last use of a code. */
const buyers = 50;
/**
 * How many read-then-write buyers are held until all of them have read. Fewer than the
 * pool's 10 connections: the held transactions keep theirs while they wait.
 */
const heldReaders = 5;

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

/**
 * The broken variant the race must catch: read `used`, then write `used + 1` as read.
 * The first `heldReaders` buyers all read before any writes (the barrier makes that
 * certain), see one use left, and each takes it.
 */
async function readThenWriteRedeem(db: Db, discountId: string, allRead: () => Promise<void>): Promise<boolean> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ used: number; usageLimit: number }>(
      'SELECT used, usage_limit AS "usageLimit" FROM cart.discounts WHERE id = $1',
      [discountId],
    );
    await allRead();
    const row = rows[0];
    if (row === undefined || row.used >= row.usageLimit) return false;
    await tx.query('UPDATE cart.discounts SET used = $2 WHERE id = $1', [discountId, row.used + 1]);
    return true;
  });
}

for (const target of testDbTargets()) {
  describe(`discount usage limit under concurrency on ${target.name}`, { skip: target.skipReason }, () => {
    const staff = { id: 'staff_race', role: 'admin' };
    let host: CartHost;
    let lamp: Product;

    before(async () => {
      host = await bootCart(target);
      lamp = await host.product('Race Lamp', [{ sku: 'RACE-LAMP', price: 5000, stock: 10_000 }]);
    });

    after(() => host?.close());

    /** `count` carts holding `code`, each of its own customer (`cus_<who>_<i>`). */
    async function cartsWith(code: string, count: number, who: string): Promise<string[]> {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const customerId = `cus_${who}_${i}`;
        const cart = await host.apis.cart.createCart(customerId);
        value(await host.apis.cart.addItem(cart.id, customerId, { variantId: lamp.variants[0]!.id, quantity: 1 }));
        value(await host.apis.cart.applyDiscount(cart.id, customerId, code));
        ids.push(cart.id);
      }
      return ids;
    }

    /** A code limited to 3 uses, 2 of them taken by earlier checkouts: one is left. */
    async function lastUseOf(code: string): Promise<Discount> {
      const created = value(
        await host.apis.cart.createDiscount(staff, { code, type: 'percentage', value: 15, usageLimit: 3 }),
      );
      const early = await cartsWith(code, 2, `${code}_early`);
      for (const [i, cartId] of early.entries())
        value(await host.apis.cart.markCheckedOut(cartId, `ord_${code}_early_${i}`));
      return created;
    }

    async function usedOf(discountId: string): Promise<{ used: number; redemptions: number }> {
      const { rows } = await host.db.query<{ used: number; redemptions: number }>(
        `SELECT d.used, (SELECT count(*) FROM cart.discount_redemptions r WHERE r.discount_id = d.id) AS redemptions
           FROM cart.discounts d WHERE d.id = $1`,
        [discountId],
      );
      return rows[0] ?? { used: -1, redemptions: -1 };
    }

    it(`lets exactly one of ${buyers} concurrent checkouts take the last use; the others answer discount_exhausted`, async () => {
      const discount = await lastUseOf('LAST-ONE');
      const carts = await cartsWith('LAST-ONE', buyers, 'racer');
      const outcomes = await Promise.all(
        carts.map((cartId, i) => host.apis.cart.markCheckedOut(cartId, `ord_race_${i}`)),
      );
      const codes = outcomes.map(codeOf);
      assert.equal(codes.filter((code) => code === 'ok').length, 1);
      assert.equal(codes.filter((code) => code === 'discount_exhausted').length, buyers - 1);
      assert.deepEqual(await usedOf(discount.id), { used: 3, redemptions: 3 });
      // The losers were not frozen: they stay open with the code, which no longer applies.
      const loser = codes.indexOf('discount_exhausted');
      const cart = value(await host.apis.cart.getCart(carts[loser]!, `cus_racer_${loser}`));
      assert.deepEqual([cart.status, cart.discount?.problem], ['open', 'discount_exhausted']);
    });

    it('would let several buyers take the last use with a read-then-write redemption (the broken variant this guards against)', {
      skip: target.name === 'pglite' ? 'PGlite runs one transaction at a time, so no two can interleave' : undefined,
    }, async () => {
      const discount = await lastUseOf('BROKEN');
      const allRead = barrier(heldReaders);
      const outcomes = await Promise.all(
        Array.from({ length: buyers }, () => readThenWriteRedeem(host.db, discount.id, allRead)),
      );
      assert.ok(outcomes.filter(Boolean).length > 1, 'the read-then-write variant should oversell the last use');
    });
  });
}
