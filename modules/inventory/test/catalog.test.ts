import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import catalog from '@mercato/catalog';
import type { CatalogApi } from '@mercato/catalog/contract';
import { testDbTargets } from '@mercato/platform/db/testing';
import { apiOf } from '@mercato/platform/module';
import { bootInventory, eventually, type InventoryHost, levelOf, value } from './support.ts';

/**
 * End to end with the real catalog: a created product opens its stock through
 * `catalog.product_created`, a redelivery of that very event adds nothing, and the
 * catalog's read model follows `inventory.stock_changed`.
 */
for (const target of testDbTargets()) {
  describe(`inventory with the catalog on ${target.name}`, { skip: target.skipReason }, () => {
    let host: InventoryHost;
    let catalogApi: CatalogApi;

    before(async () => {
      host = await bootInventory(target, { modules: [catalog], start: true });
      catalogApi = apiOf(host.apis, catalog);
    });

    after(() => host?.close());

    async function catalogAvailable(productId: string): Promise<number | undefined> {
      return value(await catalogApi.getProduct(productId)).variants[0]?.available;
    }

    it('opens stock from catalog.product_created once, even when the event is delivered again', async () => {
      const product = value(
        await catalogApi.createProduct({
          title: 'Teapot',
          description: '',
          variants: [
            { sku: 'TEAPOT', title: 'Teapot', options: {}, price: { amount: 2500, currency: 'USD' }, initialStock: 6 },
          ],
        }),
      );
      // The relay runs in the background (start: true): poll, never assume a drain saw everything.
      await eventually(async () => (await levelOf(host, 'TEAPOT'))?.onHand === 6);
      // The relay publishes the same event (same id) again, as after a lost acknowledgement.
      await host.db.query("UPDATE catalog.outbox SET published_at = NULL WHERE type = 'catalog.product_created'");
      await eventually(async () => {
        const { rows } = await host.db.query(
          "SELECT 1 FROM catalog.outbox WHERE type = 'catalog.product_created' AND published_at IS NULL",
        );
        return rows.length === 0;
      });
      assert.equal((await levelOf(host, 'TEAPOT'))?.onHand, 6);
      const ledger = await host.db.query("SELECT 1 FROM inventory.adjustments WHERE sku = 'TEAPOT'");
      assert.equal(ledger.rows.length, 1);
      value(await host.api.reserve({ orderId: 'ord_c1', lines: [{ sku: 'TEAPOT', quantity: 4 }] }));
      await eventually(async () => (await catalogAvailable(product.id)) === 2);
    });
  });
}
