import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MalformedEventError } from '@mercato/platform/bus';
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

const actor = { id: 'stf_events' };

/** Events written through the outbox at the right transitions, and stock opened from catalog events once. */
for (const target of testDbTargets()) {
  describe(`inventory events on ${target.name}`, { skip: target.skipReason }, () => {
    let host: InventoryHost;

    before(async () => {
      host = await bootInventory(target);
    });

    after(async () => {
      if (host !== undefined) await assertConsistent(host);
      await host?.close();
    });

    /** The events about `sku` written since `since` (a count of outbox rows), as [type, available?]. */
    async function eventsOf(sku: string, since: number): Promise<[string, unknown][]> {
      return (await outboxEvents(host))
        .slice(since)
        .filter((event) => event.data['sku'] === sku)
        .map((event) => [event.type, event.data['available']]);
    }

    it('publishes stock_changed on every change, out_of_stock at 0 and back_in_stock when it rises from 0', async () => {
      await deliverProduct(host, [{ sku: 'TEA', initialStock: 2 }]);
      assert.deepEqual(await eventsOf('TEA', 0), [['inventory.stock_changed', 2]]);
      const start = (await outboxEvents(host)).length;
      value(await host.api.reserve({ orderId: 'ord_e1', lines: [{ sku: 'TEA', quantity: 1 }] }));
      value(await host.api.reserve({ orderId: 'ord_e2', lines: [{ sku: 'TEA', quantity: 1 }] }));
      await host.api.release('ord_e1');
      value(await host.api.reserve({ orderId: 'ord_e3', lines: [{ sku: 'TEA', quantity: 1 }] }));
      value(await host.api.commit('ord_e3'));
      value(await host.api.adjust({ sku: 'TEA', delta: 4, reason: 'restock', actor }));
      assert.deepEqual(await eventsOf('TEA', start), [
        ['inventory.stock_changed', 1],
        ['inventory.stock_changed', 0],
        ['inventory.out_of_stock', undefined],
        ['inventory.stock_changed', 1],
        ['inventory.back_in_stock', 1],
        ['inventory.stock_changed', 0],
        ['inventory.out_of_stock', undefined],
        // Commit moves onHand and reserved together: availability stays 0, no transition.
        ['inventory.stock_changed', 0],
        ['inventory.stock_changed', 4],
        ['inventory.back_in_stock', 4],
      ]);
      const last = (await outboxEvents(host, 'inventory.stock_changed')).at(-1)?.data;
      assert.deepEqual(last, {
        sku: 'TEA',
        available: 4,
        onHand: 5,
        reserved: 1,
        locationId: 'loc_default',
        locations: [{ sku: 'TEA', locationId: 'loc_default', onHand: 5, reserved: 1, available: 4 }],
      });
    });

    it('carries the total over every location as available, and the changed location beside it', async () => {
      await addLocation(host, 'loc_north');
      await deliverProduct(host, [{ sku: 'OIL', initialStock: 3 }]);
      value(await host.api.adjust({ sku: 'OIL', delta: 2, reason: 'transfer in', locationId: 'loc_north', actor }));
      const last = (await outboxEvents(host, 'inventory.stock_changed')).at(-1)?.data;
      assert.deepEqual(last, {
        sku: 'OIL',
        available: 5,
        onHand: 5,
        reserved: 0,
        locationId: 'loc_north',
        locations: [{ sku: 'OIL', locationId: 'loc_north', onHand: 2, reserved: 0, available: 2 }],
      });
      // Emptying one location of two is not out of stock.
      const start = (await outboxEvents(host)).length;
      value(await host.api.reserve({ orderId: 'ord_e4', lines: [{ sku: 'OIL', quantity: 3 }] }));
      assert.deepEqual(await eventsOf('OIL', start), [['inventory.stock_changed', 2]]);
    });

    it('opens stock once per SKU, whether an event is redelivered or a later one names the SKU again', async () => {
      await deliverProduct(host, [{ sku: 'JAM', initialStock: 7 }], { eventId: 'evt_jam' });
      await deliverProduct(host, [{ sku: 'JAM', initialStock: 7 }], { eventId: 'evt_jam' });
      await deliverProduct(host, [{ sku: 'JAM', initialStock: 7 }]);
      await deliverProduct(host, [{ sku: 'JAM' }, { sku: 'JAM-XL', initialStock: 2 }], {
        type: 'catalog.product_updated',
      });
      assert.deepEqual(await levelOf(host, 'JAM'), {
        sku: 'JAM',
        locationId: 'loc_default',
        onHand: 7,
        reserved: 0,
        available: 7,
      });
      assert.equal((await levelOf(host, 'JAM-XL'))?.onHand, 2);
      const ledger = await host.db.query<{ sku: string; delta: number; reason: string }>(
        "SELECT sku, delta, reason FROM inventory.adjustments WHERE sku LIKE 'JAM%' ORDER BY sku",
      );
      assert.deepEqual(ledger.rows, [
        { sku: 'JAM', delta: 7, reason: 'initial stock' },
        { sku: 'JAM-XL', delta: 2, reason: 'initial stock' },
      ]);
      assert.deepEqual(await eventsOf('JAM', 0), [['inventory.stock_changed', 7]]);
    });

    it('fails a malformed product event whole, naming the field: no variant of it is opened', async () => {
      const malformed: [variants: { sku: string; initialStock?: number }[], problem: RegExp][] = [
        [[{ sku: '' }, { sku: 'OK-2', initialStock: 1 }], /data\/variants\/0\/sku/],
        [
          [
            { sku: 'OK-1', initialStock: -3 },
            { sku: 'OK-2', initialStock: 1 },
          ],
          /data\/variants\/0\/initialStock/,
        ],
      ];
      for (const [variants, problem] of malformed) {
        await assert.rejects(
          deliverProduct(host, variants),
          (error: Error) => error instanceof MalformedEventError && problem.test(error.message),
        );
      }
      assert.equal(await levelOf(host, 'OK-1'), undefined);
      assert.equal(await levelOf(host, 'OK-2'), undefined);
      await deliverProduct(host, [{ sku: 'OK-2', initialStock: 1 }]);
      assert.equal((await levelOf(host, 'OK-2'))?.onHand, 1, 'the same SKU in a well-formed event opens');
    });
  });
}
