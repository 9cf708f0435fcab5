import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  addLocation,
  assertConsistent,
  bootInventory,
  deliverProduct,
  type InventoryHost,
  levelOf,
  outboxEvents,
  value,
} from './support.ts';

const actor = { id: 'stf_test' };

/** Partial commits (parcels of one order) and restocks (returned goods), through the module's API. */
for (const target of testDbTargets()) {
  describe(`inventory partial commits and restocks on ${target.name}`, { skip: target.skipReason }, () => {
    let host: InventoryHost;

    before(async () => {
      host = await bootInventory(target);
      await addLocation(host, 'loc_b');
      await deliverProduct(host, [
        { sku: 'SPLIT', initialStock: 3 },
        { sku: 'ONE', initialStock: 5 },
      ]);
      // SPLIT: 3 at loc_default and 3 at loc_b; no location alone holds 5.
      value(await host.api.adjust({ sku: 'SPLIT', delta: 3, reason: 'second warehouse', locationId: 'loc_b', actor }));
    });

    after(async () => {
      if (host !== undefined) await assertConsistent(host);
      await host?.close();
    });

    it('commits a reservation spread over two locations part by part, taking units where they were held', async () => {
      const reservation = value(
        await host.api.reserve({
          orderId: 'ord_p1',
          lines: [
            { sku: 'SPLIT', quantity: 5 },
            { sku: 'ONE', quantity: 2 },
          ],
        }),
      );
      assert.deepEqual(
        reservation.lines.filter((line) => line.sku === 'SPLIT').map((line) => [line.locationId, line.quantity]),
        [
          ['loc_b', 3],
          ['loc_default', 2],
        ],
      );
      value(await host.api.confirm('ord_p1'));

      const first = value(
        await host.api.commitPart({ orderId: 'ord_p1', key: 'ful_1', lines: [{ sku: 'SPLIT', quantity: 4 }] }),
      );
      assert.deepEqual(first.taken, [
        { sku: 'SPLIT', locationId: 'loc_b', quantity: 3 },
        { sku: 'SPLIT', locationId: 'loc_default', quantity: 1 },
      ]);
      assert.equal(first.reservation.status, 'active', 'the rest is still held');
      assert.deepEqual(await levelOf(host, 'SPLIT', 'loc_b'), {
        sku: 'SPLIT',
        locationId: 'loc_b',
        onHand: 0,
        reserved: 0,
        available: 0,
      });
      assert.deepEqual(await levelOf(host, 'SPLIT'), {
        sku: 'SPLIT',
        locationId: 'loc_default',
        onHand: 2,
        reserved: 1,
        available: 1,
      });
      await assertConsistent(host);

      const again = value(
        await host.api.commitPart({ orderId: 'ord_p1', key: 'ful_1', lines: [{ sku: 'SPLIT', quantity: 4 }] }),
      );
      assert.deepEqual(again.taken, first.taken, 'a repeat answers the first outcome');
      assert.equal((await levelOf(host, 'SPLIT'))?.onHand, 2, 'and moves nothing');
      const reused = await host.api.commitPart({
        orderId: 'ord_p1',
        key: 'ful_1',
        lines: [{ sku: 'ONE', quantity: 1 }],
      });
      assert.equal(!reused.ok && reused.code, 'idempotency_key_reused');

      const tooMany = await host.api.commitPart({
        orderId: 'ord_p1',
        key: 'ful_2',
        lines: [{ sku: 'SPLIT', quantity: 2 }],
      });
      assert.equal(!tooMany.ok && tooMany.code, 'commit_exceeds_reserved');
      assert.deepEqual(!tooMany.ok && tooMany.details, { items: [{ sku: 'SPLIT', requested: 2, reserved: 1 }] });

      const rest = value(
        await host.api.commitPart({
          orderId: 'ord_p1',
          key: 'ful_2',
          lines: [
            { sku: 'ONE', quantity: 2 },
            { sku: 'SPLIT', quantity: 1 },
          ],
        }),
      );
      assert.equal(rest.reservation.status, 'committed', 'nothing left: committed');
      assert.deepEqual(await levelOf(host, 'SPLIT'), {
        sku: 'SPLIT',
        locationId: 'loc_default',
        onHand: 1,
        reserved: 0,
        available: 1,
      });
      assert.deepEqual(await levelOf(host, 'ONE'), {
        sku: 'ONE',
        locationId: 'loc_default',
        onHand: 3,
        reserved: 0,
        available: 3,
      });
      const changed = await outboxEvents(host, 'inventory.stock_changed');
      assert.deepEqual(changed.at(-1)?.data['sku'], 'SPLIT');
      await assertConsistent(host);
    });

    it('releases only what partial commits did not take, and a full commit takes only the rest', async () => {
      value(await host.api.reserve({ orderId: 'ord_p2', lines: [{ sku: 'ONE', quantity: 2 }] }));
      value(await host.api.commitPart({ orderId: 'ord_p2', key: 'ful_3', lines: [{ sku: 'ONE', quantity: 1 }] }));
      await host.api.release('ord_p2');
      assert.deepEqual(await levelOf(host, 'ONE'), {
        sku: 'ONE',
        locationId: 'loc_default',
        onHand: 2,
        reserved: 0,
        available: 2,
      });
      const afterRelease = await host.api.commitPart({
        orderId: 'ord_p2',
        key: 'ful_4',
        lines: [{ sku: 'ONE', quantity: 1 }],
      });
      assert.equal(!afterRelease.ok && afterRelease.code, 'reservation_released');

      value(await host.api.reserve({ orderId: 'ord_p3', lines: [{ sku: 'ONE', quantity: 2 }] }));
      value(await host.api.commitPart({ orderId: 'ord_p3', key: 'ful_5', lines: [{ sku: 'ONE', quantity: 1 }] }));
      assert.equal(value(await host.api.commit('ord_p3')).status, 'committed');
      assert.deepEqual(await levelOf(host, 'ONE'), {
        sku: 'ONE',
        locationId: 'loc_default',
        onHand: 0,
        reserved: 0,
        available: 0,
      });
      const none = await host.api.commitPart({
        orderId: 'ord_none',
        key: 'ful_6',
        lines: [{ sku: 'ONE', quantity: 1 }],
      });
      assert.equal(!none.ok && none.code, 'reservation_not_found');
      await assertConsistent(host);
    });

    it('restocks returned goods at the chosen location once per key, with a ledger row and an audit record', async () => {
      const input = {
        sku: 'ONE',
        quantity: 2,
        locationId: 'loc_b',
        reason: 'return ret_1',
        idempotencyKey: 'ret_1:oi_1',
        actor,
      };
      const twins = await Promise.all([host.api.restock(input), host.api.restock(input)]);
      for (const twin of twins)
        assert.deepEqual(value(twin), { sku: 'ONE', locationId: 'loc_b', onHand: 2, reserved: 0, available: 2 });
      assert.equal((await levelOf(host, 'ONE', 'loc_b'))?.onHand, 2, 'added once');
      const ledger = await host.db.query<{ delta: number; location_id: string }>(
        `SELECT delta, location_id FROM inventory.adjustments WHERE idempotency_key = 'ret_1:oi_1'`,
      );
      assert.deepEqual(
        ledger.rows.map((row) => [Number(row.delta), row.location_id]),
        [[2, 'loc_b']],
      );
      const audit = await host.db.query(`SELECT 1 FROM inventory.audit_log WHERE action = 'inventory.restock'`);
      assert.equal(audit.rows.length, 1);

      const reused = await host.api.restock({ ...input, locationId: 'loc_default' });
      assert.equal(!reused.ok && reused.code, 'idempotency_key_reused');
      const nowhere = await host.api.restock({ ...input, locationId: 'loc_nowhere', idempotencyKey: 'ret_2:oi_1' });
      assert.equal(!nowhere.ok && nowhere.code, 'location_not_found');
      const retried = value(
        await host.api.restock({ ...input, locationId: 'loc_default', idempotencyKey: 'ret_2:oi_1' }),
      );
      assert.equal(retried.locationId, 'loc_default', 'a refused restock left its key free');
      await assertConsistent(host);
    });
  });
}
