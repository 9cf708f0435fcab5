import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InventoryApi, Reservation, ReserveInput } from '@mercato/inventory/contract';
import type { Db } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import { fail, ok } from '@mercato/platform/kernel';
import {
  assertNoOrphans,
  bootShop,
  cartWith,
  checkoutBody,
  countRows,
  postCheckout,
  type Shop,
  stockedVariant,
} from './support.ts';

/**
 * The flash sale through the whole checkout: 100 units, 500 shoppers with a cart of one
 * unit each, all checking out at once. Exactly 100 orders are placed, none is sold
 * twice, nothing goes negative, and every shopper turned away leaves no reservation and
 * no authorization behind.
 *
 * On PostgreSQL the reservations really race (a pool of connections). The same sale
 * against a deliberately naive inventory, which reads the stock and then writes the
 * value it computed, oversells: the check below catches it, so it can fail.
 */
const units = 100;
const shoppers = 500;

type Outcome = {
  placed: number;
  refused: number;
  statuses: Record<number, number>;
  available: number;
  reserved: number;
};

async function flashSale(shop: Shop): Promise<Outcome & { sku: string }> {
  const { variantId, sku } = await stockedVariant(shop, units, 1999);
  const carts: string[] = [];
  for (let index = 0; index < shoppers; index++) carts.push(await cartWith(shop, variantId, 1));
  const answers = await Promise.all(carts.map((cartId) => postCheckout(shop, checkoutBody(cartId))));
  const statuses: Record<number, number> = {};
  for (const { status, body } of answers) {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status === 409) assert.equal(body.error?.code, 'insufficient_stock');
  }
  const placed = await countRows(
    shop,
    `SELECT count(*) AS count FROM checkout.orders o JOIN checkout.order_items i ON i.order_id = o.id WHERE i.sku = $1 AND o.status = 'placed'`,
    [sku],
  );
  const level = await shop.db.query<{ on_hand: number; reserved: number }>(
    `SELECT on_hand, reserved FROM inventory.skus WHERE sku = $1`,
    [sku],
  );
  const { on_hand: onHand, reserved } = level.rows[0]!;
  return { sku, placed, refused: statuses[409] ?? 0, statuses, available: onHand - reserved, reserved };
}

/** The safety property: never more placed orders than units, none turned away while units remain. */
function assertSoldExactly(outcome: Outcome): void {
  assert.ok(outcome.placed <= units, `oversold: ${outcome.placed} orders placed for ${units} units`);
  assert.equal(outcome.placed, units, 'every unit sold');
  assert.deepEqual(outcome.statuses, { 201: units, 409: shoppers - units });
  assert.equal(outcome.available, 0);
  assert.equal(outcome.reserved, units);
}

/**
 * The broken variant: read what is available, decide in JavaScript, write back the
 * number computed from the read. Two shoppers who read the same value both "win".
 * It keeps the counters in inventory's tables (the test may name them) so the rest of
 * the saga runs as usual; confirm and release only pretend.
 */
function naiveInventory(db: () => Db, real: InventoryApi): InventoryApi {
  const reservation = (orderId: string, status: Reservation['status']): Reservation => ({
    orderId,
    status,
    lines: [],
    expiresAt: null,
    createdAt: new Date().toISOString(),
  });
  return {
    ...real,
    async reserve(input: ReserveInput) {
      const [line] = input.lines;
      assert.ok(line !== undefined);
      const { rows } = await db().query<{ on_hand: number; reserved: number }>(
        'SELECT on_hand, reserved FROM inventory.skus WHERE sku = $1',
        [line.sku],
      );
      const level = rows[0]!;
      if (level.on_hand - level.reserved < line.quantity) {
        return fail('insufficient_stock', 'Not enough stock.', {
          items: [{ sku: line.sku, requested: line.quantity, available: level.on_hand - level.reserved }],
        });
      }
      // Anything asynchronous between the read and the write (here a turn of the event
      // loop) lets other shoppers read the same stale value.
      await new Promise((resolve) => setImmediate(resolve));
      await db().query('UPDATE inventory.skus SET reserved = $2 WHERE sku = $1', [
        line.sku,
        level.reserved + line.quantity,
      ]);
      return ok(reservation(input.orderId, 'active'));
    },
    confirm: async (orderId) => ok(reservation(orderId, 'active')),
    release: async (orderId) => reservation(orderId, 'released'),
  };
}

for (const target of testDbTargets()) {
  describe(`checkout flash sale on ${target.name}`, { skip: target.skipReason }, () => {
    // Answers are final (201 or 409), not 202: the budget outlasts the whole sale.
    const config = { requestBudgetMs: 60_000 };

    describe('with the real inventory', () => {
      let shop: Shop;
      before(async () => {
        shop = await bootShop(target, { config });
      });
      after(() => shop?.close());

      it(`${shoppers} concurrent checkouts of ${units} units: exactly ${units} placed, 0 available, no orphans`, async () => {
        const outcome = await flashSale(shop);
        assertSoldExactly(outcome);
        const authorized = await countRows(
          shop,
          `SELECT count(*) AS count FROM payments.payments WHERE status = 'authorized'`,
        );
        assert.equal(authorized, units, 'one authorization per placed order, none for the shoppers turned away');
        const negative = await countRows(
          shop,
          'SELECT count(*) AS count FROM inventory.stock_levels WHERE on_hand < 0 OR reserved < 0 OR reserved > on_hand',
        );
        assert.equal(negative, 0);
        await assertNoOrphans(shop);
      });
    });

    describe('with a naive read-then-write inventory', () => {
      let shop: Shop;
      before(async () => {
        shop = await bootShop(target, {
          config,
          module: { participants: ({ inventory }) => ({ inventory: naiveInventory(() => shop.db, inventory) }) },
        });
      });
      after(() => shop?.close());

      it('oversells, and the flash-sale check above catches it', async () => {
        const outcome = await flashSale(shop);
        assert.ok(outcome.placed > units, `the naive inventory was expected to oversell, placed ${outcome.placed}`);
        assert.throws(() => assertSoldExactly(outcome), /oversold/);
      });
    });
  });
}
