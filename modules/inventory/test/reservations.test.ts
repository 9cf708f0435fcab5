import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { manualClock } from '@mercato/platform/kernel';
import {
  addLocation,
  assertConsistent,
  bootInventory,
  deliverProduct,
  type InventoryHost,
  levelOf,
  value,
} from './support.ts';

/**
 * Reserve, confirm, commit, release and the expiry sweep, through the module's API.
 * The tests share one host, but each opens its own SKUs, so each runs alone and in any order.
 */
for (const target of testDbTargets()) {
  describe(`inventory reservations on ${target.name}`, { skip: target.skipReason }, () => {
    const clock = manualClock();
    let host: InventoryHost;

    before(async () => {
      host = await bootInventory(target, { clock, config: { reservationTtlMs: 60_000, sweepIntervalMs: 10 } });
    });

    after(async () => {
      if (host !== undefined) await assertConsistent(host);
      await host?.close();
    });

    it('reserve holds units: reserved grows, available shrinks, onHand stays', async () => {
      await deliverProduct(host, [{ sku: 'HOLD_MUG', initialStock: 10 }]);
      const reservation = value(
        await host.api.reserve({ orderId: 'ord_r1', lines: [{ sku: 'HOLD_MUG', quantity: 2 }] }),
      );
      assert.equal(reservation.status, 'active');
      assert.deepEqual(reservation.lines, [{ sku: 'HOLD_MUG', locationId: 'loc_default', quantity: 2 }]);
      assert.equal(reservation.expiresAt, new Date(clock.now().getTime() + 60_000).toISOString());
      assert.deepEqual(await levelOf(host, 'HOLD_MUG'), {
        sku: 'HOLD_MUG',
        locationId: 'loc_default',
        onHand: 10,
        reserved: 2,
        available: 8,
      });
      assert.deepEqual(await host.api.availability(['HOLD_MUG', 'NOPE']), { HOLD_MUG: 8, NOPE: 0 });
    });

    it('reserving again for the same order returns the first reservation and holds nothing more', async () => {
      await deliverProduct(host, [{ sku: 'AGAIN_MUG', initialStock: 10 }]);
      const first = value(await host.api.reserve({ orderId: 'ord_r2', lines: [{ sku: 'AGAIN_MUG', quantity: 1 }] }));
      const again = await Promise.all(
        [1, 2, 3].map(() => host.api.reserve({ orderId: 'ord_r2', lines: [{ sku: 'AGAIN_MUG', quantity: 1 }] })),
      );
      for (const result of again) assert.deepEqual(value(result), first);
      assert.equal((await levelOf(host, 'AGAIN_MUG'))?.reserved, 1);
    });

    it('answers insufficient_stock with every short line and reserves none of the lines (all or nothing)', async () => {
      await deliverProduct(host, [
        { sku: 'SHORT_BOWL', initialStock: 5 },
        { sku: 'SHORT_CUP', initialStock: 3 },
        { sku: 'SHORT_JUG', initialStock: 2 },
      ]);
      const result = await host.api.reserve({
        orderId: 'ord_r3',
        lines: [
          { sku: 'SHORT_BOWL', quantity: 2 },
          { sku: 'SHORT_CUP', quantity: 4 },
          { sku: 'SHORT_JUG', quantity: 3 },
        ],
      });
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.code, 'insufficient_stock');
      assert.deepEqual(!result.ok && result.details, {
        items: [
          { sku: 'SHORT_CUP', requested: 4, available: 3 },
          { sku: 'SHORT_JUG', requested: 3, available: 2 },
        ],
      });
      // BOWL sorts first and was reserved before CUP failed: the rollback gave it back.
      assert.equal((await levelOf(host, 'SHORT_BOWL'))?.reserved, 0);
      assert.equal(await host.api.getReservation('ord_r3'), undefined);
      // Nothing was claimed, so the same order can try again once stock allows.
      value(await host.api.reserve({ orderId: 'ord_r3', lines: [{ sku: 'SHORT_BOWL', quantity: 2 }] }));
    });

    it('answers unknown_sku for a SKU inventory has never heard of', async () => {
      await deliverProduct(host, [{ sku: 'KNOWN_MUG', initialStock: 10 }]);
      const result = await host.api.reserve({
        orderId: 'ord_r4',
        lines: [
          { sku: 'KNOWN_MUG', quantity: 1 },
          { sku: 'GHOST', quantity: 1 },
        ],
      });
      assert.equal(!result.ok && result.code, 'unknown_sku');
      assert.deepEqual(!result.ok && result.details, { skus: ['GHOST'] });
      assert.equal((await levelOf(host, 'KNOWN_MUG'))?.reserved, 0);
    });

    it('adds up lines of the same SKU', async () => {
      await deliverProduct(host, [{ sku: 'SUM_PLATE', initialStock: 4 }]);
      const reservation = value(
        await host.api.reserve({
          orderId: 'ord_r5',
          lines: [
            { sku: 'SUM_PLATE', quantity: 1 },
            { sku: 'SUM_PLATE', quantity: 2 },
          ],
        }),
      );
      assert.deepEqual(reservation.lines, [{ sku: 'SUM_PLATE', locationId: 'loc_default', quantity: 3 }]);
      assert.equal((await levelOf(host, 'SUM_PLATE'))?.reserved, 3);
    });

    it('release gives the units back, once, and is a no-op after commit', async () => {
      await deliverProduct(host, [{ sku: 'RELEASE_BOWL', initialStock: 5 }]);
      value(await host.api.reserve({ orderId: 'ord_r6', lines: [{ sku: 'RELEASE_BOWL', quantity: 1 }] }));
      const before = (await levelOf(host, 'RELEASE_BOWL'))!;
      const released = await host.api.release('ord_r6');
      assert.equal(released.status, 'released');
      assert.equal((await host.api.release('ord_r6')).status, 'released');
      assert.deepEqual(await levelOf(host, 'RELEASE_BOWL'), {
        ...before,
        reserved: before.reserved - 1,
        available: before.available + 1,
      });
      const again = await host.api.reserve({ orderId: 'ord_r6', lines: [{ sku: 'RELEASE_BOWL', quantity: 1 }] });
      assert.equal(!again.ok && again.code, 'reservation_released');
      assert.equal(!(await host.api.commit('ord_r6')).ok, true);
    });

    it('commit takes the units out of stock at fulfillment, once', async () => {
      await deliverProduct(host, [{ sku: 'COMMIT_CUP', initialStock: 3 }]);
      value(await host.api.reserve({ orderId: 'ord_r7', lines: [{ sku: 'COMMIT_CUP', quantity: 2 }] }));
      const committed = value(await host.api.commit('ord_r7'));
      assert.equal(committed.status, 'committed');
      assert.deepEqual(value(await host.api.commit('ord_r7')), committed);
      assert.deepEqual(await levelOf(host, 'COMMIT_CUP'), {
        sku: 'COMMIT_CUP',
        locationId: 'loc_default',
        onHand: 1,
        reserved: 0,
        available: 1,
      });
      assert.equal((await host.api.release('ord_r7')).status, 'committed');
      assert.equal((await levelOf(host, 'COMMIT_CUP'))?.onHand, 1);
      assert.equal(!(await host.api.commit('ord_unknown')).ok, true);
    });

    it('a release that arrives before its reserve wins: the late reserve holds nothing', async () => {
      await deliverProduct(host, [{ sku: 'LATE_VASE', initialStock: 1 }]);
      const mark = await host.api.release('ord_r8');
      assert.deepEqual([mark.status, mark.lines], ['released', []]);
      const late = await host.api.reserve({ orderId: 'ord_r8', lines: [{ sku: 'LATE_VASE', quantity: 1 }] });
      assert.equal(!late.ok && late.code, 'reservation_released');
      assert.equal((await levelOf(host, 'LATE_VASE'))?.reserved, 0);
    });

    it('the sweeper releases expired reservations but not confirmed or fresh ones', async () => {
      await deliverProduct(host, [
        { sku: 'SWEEP_JUG', initialStock: 2 },
        { sku: 'SWEEP_VASE', initialStock: 1 },
      ]);
      value(await host.api.reserve({ orderId: 'ord_old', lines: [{ sku: 'SWEEP_JUG', quantity: 1 }] }));
      value(await host.api.reserve({ orderId: 'ord_kept', lines: [{ sku: 'SWEEP_JUG', quantity: 1 }] }));
      value(await host.api.confirm('ord_kept'));
      clock.advance(30_000);
      value(await host.api.reserve({ orderId: 'ord_new', lines: [{ sku: 'SWEEP_VASE', quantity: 1 }] }));
      clock.advance(30_001);
      assert.equal((await levelOf(host, 'SWEEP_JUG'))?.available, 0);
      // Expired: ord_old, and any other test's reservations still active; not ord_kept or ord_new.
      let released = 0;
      for (let round = 0; round < 10; round++) {
        const swept = await host.api.sweepExpired(2);
        released += swept;
        if (swept === 0) break;
      }
      assert.ok(released >= 1);
      assert.equal((await host.api.getReservation('ord_old'))?.status, 'released');
      assert.equal((await host.api.getReservation('ord_kept'))?.status, 'active');
      assert.equal((await host.api.getReservation('ord_kept'))?.expiresAt, null);
      assert.equal((await host.api.getReservation('ord_new'))?.status, 'active');
      assert.equal((await levelOf(host, 'SWEEP_JUG'))?.available, 1);
      // A confirmed reservation can still be committed.
      assert.equal(value(await host.api.commit('ord_kept')).status, 'committed');
      const late = await host.api.confirm('ord_old');
      assert.equal(!late.ok && late.code, 'reservation_released');
    });

    it('the background sweeper runs between start and stop', async () => {
      await deliverProduct(host, [{ sku: 'TIMER_MUG', initialStock: 10 }]);
      value(await host.api.reserve({ orderId: 'ord_timer', lines: [{ sku: 'TIMER_MUG', quantity: 1 }] }));
      clock.advance(60_001);
      await host.instance.start?.();
      try {
        const deadline = Date.now() + 5000;
        while ((await host.api.getReservation('ord_timer'))?.status !== 'released') {
          assert.ok(Date.now() < deadline, 'the sweeper did not release the expired reservation within 5 s');
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        await host.instance.stop?.();
      }
    });

    it('a SKU opened without initial stock cannot be reserved until stock arrives', async () => {
      await deliverProduct(host, [{ sku: 'EMPTY_LAMP' }]);
      const result = await host.api.reserve({ orderId: 'ord_r9', lines: [{ sku: 'EMPTY_LAMP', quantity: 1 }] });
      assert.deepEqual(!result.ok && result.details, { items: [{ sku: 'EMPTY_LAMP', requested: 1, available: 0 }] });
    });

    it('spreads a line over locations, most available first, when no single one has enough', async () => {
      await addLocation(host, 'loc_east');
      await addLocation(host, 'loc_west');
      await deliverProduct(host, [{ sku: 'RUG', initialStock: 2 }]);
      value(
        await host.api.adjust({
          sku: 'RUG',
          delta: 5,
          reason: 'transfer in',
          locationId: 'loc_east',
          actor: { id: 'stf_1' },
        }),
      );
      value(
        await host.api.adjust({
          sku: 'RUG',
          delta: 3,
          reason: 'transfer in',
          locationId: 'loc_west',
          actor: { id: 'stf_1' },
        }),
      );
      // One location with enough: the one with most available, untouched others.
      const single = value(await host.api.reserve({ orderId: 'ord_s1', lines: [{ sku: 'RUG', quantity: 4 }] }));
      assert.deepEqual(single.lines, [{ sku: 'RUG', locationId: 'loc_east', quantity: 4 }]);
      // Now east 1, west 3, default 2: 5 units need west (3) then default (2).
      const spread = value(await host.api.reserve({ orderId: 'ord_s2', lines: [{ sku: 'RUG', quantity: 5 }] }));
      assert.deepEqual(spread.lines, [
        { sku: 'RUG', locationId: 'loc_default', quantity: 2 },
        { sku: 'RUG', locationId: 'loc_west', quantity: 3 },
      ]);
      const short = await host.api.reserve({ orderId: 'ord_s3', lines: [{ sku: 'RUG', quantity: 2 }] });
      assert.deepEqual(!short.ok && short.details, { items: [{ sku: 'RUG', requested: 2, available: 1 }] });
      assert.deepEqual(await host.api.availability(['RUG']), { RUG: 1 });
      await host.api.release('ord_s2');
      assert.deepEqual(await host.api.availability(['RUG']), { RUG: 6 });
      assert.equal((await host.api.getReservation('ord_s2'))?.status, 'released');
    });

    it('racing commit, release and confirm on the same orders settle each order exactly once', async () => {
      await deliverProduct(host, [{ sku: 'RACE', initialStock: 20 }]);
      const orders = Array.from({ length: 10 }, (_, index) => `ord_race_${index}`);
      for (const orderId of orders) value(await host.api.reserve({ orderId, lines: [{ sku: 'RACE', quantity: 2 }] }));
      await Promise.all(
        orders.flatMap((orderId) => [
          host.api.commit(orderId),
          host.api.release(orderId),
          host.api.confirm(orderId),
          host.api.release(orderId),
        ]),
      );
      const statuses = await Promise.all(
        orders.map(async (orderId) => (await host.api.getReservation(orderId))?.status),
      );
      const committed = statuses.filter((status) => status === 'committed').length;
      assert.equal(committed + statuses.filter((status) => status === 'released').length, orders.length);
      assert.deepEqual(await levelOf(host, 'RACE'), {
        sku: 'RACE',
        locationId: 'loc_default',
        onHand: 20 - 2 * committed,
        reserved: 0,
        available: 20 - 2 * committed,
      });
    });

    it('the CHECK constraint refuses reserved above onHand or below zero, whatever the SQL', async () => {
      await deliverProduct(host, [{ sku: 'CHECK_MUG', initialStock: 10 }, { sku: 'CHECK_LAMP' }]);
      for (const sql of [
        "UPDATE inventory.stock_levels SET reserved = on_hand + 1 WHERE sku = 'CHECK_MUG'",
        "UPDATE inventory.stock_levels SET reserved = -1 WHERE sku = 'CHECK_MUG'",
        "UPDATE inventory.stock_levels SET on_hand = -1, reserved = 0 WHERE sku = 'CHECK_LAMP'",
        "UPDATE inventory.skus SET reserved = on_hand + 1 WHERE sku = 'CHECK_MUG'",
      ]) {
        await assert.rejects(host.db.query(sql), (error: { code?: string }) => error.code === '23514', sql);
      }
    });
  });
}
