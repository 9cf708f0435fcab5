import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import catalog from '@mercato/catalog';
import type { CatalogApi } from '@mercato/catalog/contract';
import inventory from '@mercato/inventory';
import type { InventoryApi } from '@mercato/inventory/contract';
import { testDbTargets } from '@mercato/platform/db/testing';
import { apiOf } from '@mercato/platform/module';
import { bearer, bootNotifications, eventually, type NotificationsHost, testTokens, usd } from './support.ts';

const actor = { id: 'stf_test' };

/**
 * The real event path, nothing delivered by hand: the catalog publishes the product,
 * inventory its stock changes, notifications consumes both through the in-process
 * transport and its inbox, and the sender timer delivers into the mailbox.
 */
for (const target of testDbTargets()) {
  describe(`notifications end to end on ${target.name}`, { skip: target.skipReason }, () => {
    let host: NotificationsHost;
    let products: CatalogApi;
    let stock: InventoryApi;

    before(async () => {
      host = await bootNotifications(target, {
        start: true,
        modules: [catalog, inventory],
        moduleConfig: {
          catalog: { currency: 'USD', cache: { entriesMax: 100, ttlMs: 60_000 } },
          inventory: { sweepIntervalMs: 0 },
        },
        config: { sendIntervalMs: 20, lowStockThreshold: 2 },
      });
      products = apiOf(host.apis, catalog);
      stock = apiOf(host.apis, inventory);
    });

    after(() => host?.close());

    async function letters(to: string) {
      const response = await host.app.inject({
        method: 'GET',
        url: `/api/admin/mailbox?to=${encodeURIComponent(to)}`,
        headers: bearer(testTokens.staff.admin),
      });
      assert.equal(response.statusCode, 200, response.body);
      return response.json().items as { subject: string; text: string }[];
    }

    it('tells a subscriber once when a sold-out variant returns, and staff once when it runs low', async () => {
      const created = await products.createProduct({
        title: 'Cast Iron Kettle',
        description: 'Heavy.',
        variants: [
          { sku: 'KETTLE-BLK', title: 'Black', options: { colour: 'black' }, price: usd(8900), initialStock: 1 },
        ],
      });
      assert.ok(created.ok);
      const variantId = created.value.variants[0]?.id;
      assert.ok(variantId);
      // The variant reaches notifications' read model through catalog.product_created.
      await eventually(async () => {
        const response = await host.app.inject({
          method: 'POST',
          url: '/api/back-in-stock',
          payload: { variantId, email: 'fan@example.com' },
        });
        return response.statusCode === 201;
      });
      // One change at a time, each seen by notifications before the next: changes of one
      // SKU moments apart may be delivered out of order, and then the older is ignored.
      for (const [delta, available] of [
        [-1, 0],
        [5, 5],
        [-5, 0],
        [3, 3],
      ] as const) {
        assert.ok((await stock.adjust({ sku: 'KETTLE-BLK', delta, reason: 'count', actor })).ok);
        await eventually(async () => {
          const { rows } = await host.db.query<{ available: number }>(
            "SELECT available FROM notifications.stock_alerts WHERE sku = 'KETTLE-BLK'",
          );
          return rows[0]?.available === available;
        });
      }
      // Every event handled, then every message the events produced sent by the timer.
      await host.drain();
      await eventually(
        async () =>
          (await host.db.query("SELECT 1 FROM notifications.messages WHERE status <> 'sent' LIMIT 1")).rows.length ===
          0,
      );
      const fan = await letters('fan@example.com');
      assert.deepEqual(
        fan.map((letter) => letter.subject),
        ['Mercato: Cast Iron Kettle — Black is back in stock'],
      );
      // Opened at 1 (below 2): told; restocked to 5: re-armed; 0: told again; back at 3: nothing.
      const staff = await letters('staff@mercato.local');
      assert.deepEqual(
        staff.map((letter) => letter.subject),
        ['Low stock: KETTLE-BLK (0 left)', 'Low stock: KETTLE-BLK (1 left)'],
      );
    });
  });
}
