import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { bootNotifications, deliver, envelope, messagesOf, type NotificationsHost, productEvent } from './support.ts';

/** Low-stock alerts to staff: below a per-SKU threshold, once per crossing, not on every change. */
for (const target of testDbTargets()) {
  describe(`low-stock alerts on ${target.name}`, { skip: target.skipReason }, () => {
    let host: NotificationsHost;
    let second = 0;

    before(async () => {
      host = await bootNotifications(target, {
        config: {
          staffEmail: 'Stock@Shop.example',
          lowStockThreshold: 5,
          lowStockThresholds: { 'TEA-BULK': 50, 'TEA-RARE': 0 },
        },
      });
      await deliver(host, productEvent('prod_tea', 'Green Tea', [{ id: 'var_tea', sku: 'TEA', title: '100 g' }]));
    });

    after(() => host?.close());

    /** A stock_changed event a second after the previous one (events carry their time). */
    async function stock(sku: string, available: number) {
      const occurredAt = new Date(Date.UTC(2026, 0, 1, 0, 0, ++second)).toISOString();
      const event = envelope(
        'inventory.stock_changed',
        { sku, available, onHand: available, reserved: 0, locationId: 'loc_default', locations: [] },
        { occurredAt },
      );
      await deliver(host, event);
      return event;
    }

    const alertsFor = async (sku: string) =>
      (await messagesOf(host, 'low_stock')).filter((message) => message.subject.startsWith(`Low stock: ${sku} `));

    it('tells staff once when a SKU falls below the threshold, not on every change below it', async () => {
      for (const available of [20, 9, 5, 4, 3, 1, 0, 2]) await stock('TEA', available);
      const alerts = await alertsFor('TEA');
      assert.equal(alerts.length, 1);
      assert.equal(alerts[0]?.recipient, 'stock@shop.example');
      assert.equal(alerts[0]?.subject, 'Low stock: TEA (4 left)');
      assert.match(alerts[0]?.body_text ?? '', /Green Tea — 100 g \(TEA\) has 4 available, below the threshold of 5/);
    });

    it('tells again after stock rose back to the threshold and fell again', async () => {
      await stock('TEA', 5);
      await stock('TEA', 3);
      await stock('TEA', 30);
      await stock('TEA', 4);
      assert.deepEqual(
        (await alertsFor('TEA')).map((alert) => alert.subject),
        ['Low stock: TEA (4 left)', 'Low stock: TEA (3 left)', 'Low stock: TEA (4 left)'],
      );
    });

    it('uses per-SKU thresholds, where 0 means never', async () => {
      await stock('TEA-BULK', 60);
      await stock('TEA-BULK', 49);
      await stock('TEA-RARE', 0);
      assert.deepEqual(
        (await alertsFor('TEA-BULK')).map((alert) => alert.subject),
        ['Low stock: TEA-BULK (49 left)'],
      );
      assert.equal((await alertsFor('TEA-RARE')).length, 0);
    });

    it('ignores a redelivered or stale event', async () => {
      const plenty = await stock('COFFEE', 10);
      const low = await stock('COFFEE', 2);
      const subscription = host.instance.subscriptions?.find((candidate) =>
        candidate.types.includes('inventory.stock_changed'),
      );
      assert.ok(subscription);
      // Straight to the handler, past the inbox: the crossing was told once, and the
      // older "10 available" must not re-arm the alert.
      await host.db.transaction((tx) => subscription.handle(low, tx));
      await host.db.transaction((tx) => subscription.handle(plenty, tx));
      await stock('COFFEE', 1);
      assert.equal((await alertsFor('COFFEE')).length, 1);
    });
  });
}
