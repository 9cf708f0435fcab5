import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import {
  addLocation,
  bootInventory,
  deliverProduct,
  type InventoryHost,
  principalHeader,
  staff,
  value,
} from './support.ts';

/** The admin inventory endpoints of API.md, through inject(). */
for (const target of testDbTargets()) {
  describe(`inventory admin HTTP on ${target.name}`, { skip: target.skipReason }, () => {
    let host: InventoryHost;

    before(async () => {
      host = await bootInventory(target);
      await addLocation(host, 'loc_b');
      await deliverProduct(host, [
        { sku: 'A-1', initialStock: 5 },
        { sku: 'A-2', initialStock: 0 },
        { sku: 'B-1', initialStock: 9 },
      ]);
    });

    after(() => host?.close());

    function adjust(sku: string, body: unknown, headers: Record<string, string> = staff('catalog')) {
      return host.app.inject({
        method: 'POST',
        url: `/api/admin/inventory/${sku}/adjustments`,
        headers,
        payload: body as object,
      });
    }

    it('lists levels page by page, narrowed by sku', async () => {
      const first = await host.app.inject({
        method: 'GET',
        url: '/api/admin/inventory?limit=2',
        headers: staff('support'),
      });
      assert.equal(first.statusCode, 200);
      const page = first.json();
      assert.deepEqual(page.items, [
        { sku: 'A-1', locationId: 'loc_default', onHand: 5, reserved: 0, available: 5 },
        { sku: 'A-2', locationId: 'loc_default', onHand: 0, reserved: 0, available: 0 },
      ]);
      const second = await host.app.inject({
        method: 'GET',
        url: `/api/admin/inventory?limit=2&cursor=${page.nextCursor}`,
        headers: staff('admin'),
      });
      assert.deepEqual(
        second.json().items.map((item: { sku: string }) => item.sku),
        ['B-1'],
      );
      assert.equal(second.json().nextCursor, null);
      const one = await host.app.inject({
        method: 'GET',
        url: '/api/admin/inventory?sku=B-1',
        headers: staff('catalog'),
      });
      assert.deepEqual(one.json(), {
        items: [{ sku: 'B-1', locationId: 'loc_default', onHand: 9, reserved: 0, available: 9 }],
        nextCursor: null,
      });
      const all = await host.app.inject({ method: 'GET', url: '/api/admin/inventory?sku=', headers: staff('admin') });
      assert.equal(all.json().items.length, 3);
      const bad = await host.app.inject({
        method: 'GET',
        url: '/api/admin/inventory?cursor=garbage',
        headers: staff('admin'),
      });
      assert.equal(bad.json().error.code, 'invalid_cursor');
    });

    it('answers 401 without a principal and 403 to a customer', async () => {
      assert.equal((await host.app.inject({ method: 'GET', url: '/api/admin/inventory' })).statusCode, 401);
      const customer = { [principalHeader]: 'customer:cus_1' };
      assert.equal(
        (await host.app.inject({ method: 'GET', url: '/api/admin/inventory', headers: customer })).statusCode,
        403,
      );
      assert.equal((await adjust('A-1', { delta: 1, reason: 'x' }, customer)).statusCode, 403);
      assert.equal((await adjust('A-1', { delta: 1, reason: 'x' }, staff('support'))).statusCode, 403);
    });

    it('adjusts onHand and answers the new level, audited with before and after', async () => {
      const response = await adjust('A-1', { delta: -2, reason: 'damaged in storage' });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        sku: 'A-1',
        locationId: 'loc_default',
        onHand: 3,
        reserved: 0,
        available: 3,
      });
      const { rows } = await host.db.query<{
        actor_id: string;
        action: string;
        entity_id: string;
        before: unknown;
        after: Record<string, unknown>;
      }>(
        "SELECT actor_id, action, entity_id, before, after FROM inventory.audit_log WHERE entity_id = 'A-1@loc_default'",
      );
      assert.equal(rows.length, 1);
      assert.deepEqual(
        { ...rows[0], after: { onHand: rows[0]?.after['onHand'], reason: rows[0]?.after['reason'] } },
        {
          actor_id: 'stf_catalog',
          action: 'inventory.adjust_stock',
          entity_id: 'A-1@loc_default',
          before: { sku: 'A-1', locationId: 'loc_default', onHand: 5, reserved: 0, available: 5 },
          after: { onHand: 3, reason: 'damaged in storage' },
        },
      );
    });

    it('opens a level at another location with a positive delta', async () => {
      const response = await adjust('A-1', { delta: 4, reason: 'transfer in', locationId: 'loc_b' }, staff('admin'));
      assert.deepEqual(response.json(), { sku: 'A-1', locationId: 'loc_b', onHand: 4, reserved: 0, available: 4 });
    });

    it('never takes onHand below reserved (409 adjustment_below_reserved)', async () => {
      value(await host.api.reserve({ orderId: 'ord_h1', lines: [{ sku: 'B-1', quantity: 6 }] }));
      const response = await adjust('B-1', { delta: -4, reason: 'cycle count' });
      assert.equal(response.statusCode, 409);
      assert.deepEqual(response.json().error.details, { onHand: 9, reserved: 6, available: 3, delta: -4 });
      assert.equal((await adjust('B-1', { delta: -3, reason: 'cycle count' })).json().onHand, 6);
    });

    it('answers 404 for an unknown SKU or location and 400 for a malformed body', async () => {
      assert.equal((await adjust('NOPE', { delta: 1, reason: 'x' })).json().error.code, 'unknown_sku');
      assert.equal(
        (await adjust('A-1', { delta: 1, reason: 'x', locationId: 'loc_mars' })).json().error.code,
        'location_not_found',
      );
      for (const body of [
        { delta: 0, reason: 'x' },
        { delta: 1.5, reason: 'x' },
        { delta: 1 },
        { delta: 1, reason: '' },
        { delta: 1, reason: 'x', onHand: 3 },
      ]) {
        const response = await adjust('A-1', body);
        assert.equal(response.statusCode, 400, JSON.stringify(body));
        assert.equal(response.json().error.code, 'invalid_request');
      }
    });
  });
}
