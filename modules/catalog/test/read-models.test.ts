import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventEnvelope } from '@mercato/platform/bus';
import { testDbTargets } from '@mercato/platform/db/testing';
import { bootCatalog, type CatalogHost, deliver, deliverRatings, eventually, value, variant } from './helpers.ts';

/**
 * The cache and the read models together: reads are served from the cache until one of
 * the catalog's own events says they changed, and stock and rating copies follow the
 * owners' events.
 */
for (const target of testDbTargets()) {
  describe(`catalog cache and read models on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;

    before(async () => {
      host = await bootCatalog(target);
    });

    after(() => host?.close());

    // Tests that prove a read is cached first drain the outbox, so that the relay does
    // not deliver the creation event (which rightly empties the cache) in the middle.

    /** What another instance's committed write would broadcast. */
    function hear(type: string, data: unknown): Promise<void> {
      const event: EventEnvelope = {
        id: `evt_${type}`,
        type,
        version: 1,
        occurredAt: new Date().toISOString(),
        traceparent: null,
        data,
      };
      const listener = host.instance.listeners?.find((candidate) => candidate.types.includes(type));
      assert.ok(listener, `a listener hears ${type}`);
      return Promise.resolve(listener.handle(event));
    }

    async function available(idOrSlug: string): Promise<number | undefined> {
      return value(await host.api.getProduct(idOrSlug)).variants[0]?.available;
    }

    it('serves a product from the cache until the stock event it consumed is relayed back', async () => {
      const created = value(
        await host.api.createProduct({
          title: 'Cached Kettle',
          description: '',
          variants: [variant('KETTLE', 3000, 5)],
        }),
      );
      await host.drain();
      assert.equal(await available(created.id), 5);
      // A change behind the cache's back (no event) is not seen: the read is cached.
      await host.db.query("UPDATE catalog.variants SET available = 1 WHERE sku = 'KETTLE'");
      assert.equal(await available(created.id), 5);
      await deliver(host, 'inventory.stock_changed', { sku: 'KETTLE', available: 2 });
      await eventually(async () => (await available(created.id)) === 2);
      await eventually(async () => (await available('cached-kettle')) === 2);
    });

    it('drops lists and facets when stock flips a product out of stock', async () => {
      const created = value(
        await host.api.createProduct({
          title: 'Flip Toaster',
          description: '',
          variants: [variant('TOASTER', 2000, 1)],
        }),
      );
      const inStock = async () =>
        value(await host.api.listProducts({ q: 'toaster', inStock: true })).items.map((item) => item.id);
      assert.deepEqual(await inStock(), [created.id]);
      await deliver(host, 'inventory.stock_changed', { sku: 'TOASTER', available: 0 });
      await eventually(async () => (await inStock()).length === 0);
      assert.equal(value(await host.api.getProduct(created.id)).inStock, false);
    });

    it('never serves a product after its archive event has been handled', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Doomed Vase', description: '', variants: [variant('VASE', 900)] }),
      );
      await host.drain();
      assert.ok((await host.api.getProduct('doomed-vase')).ok);
      assert.equal(value(await host.api.listProducts({ q: 'vase' })).items.length, 1);
      // Another instance archives it: this instance only hears the event.
      await host.db.query('UPDATE catalog.products SET archived = true WHERE id = $1', [created.id]);
      assert.ok((await host.api.getProduct('doomed-vase')).ok, 'still cached before the event');
      await hear('catalog.product_updated', {
        id: created.id,
        slug: created.slug,
        archived: true,
        changed: ['archived'],
      });
      assert.equal((await host.api.getProduct('doomed-vase')).ok, false);
      assert.equal((await host.api.getProduct(created.id)).ok, false);
      assert.equal(value(await host.api.listProducts({ q: 'vase' })).items.length, 0);
    });

    it('refreshes list pages after an update event from another instance', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Plain Bowl', description: '', variants: [variant('BOWL', 700)] }),
      );
      await host.drain();
      const titles = async () => value(await host.api.listProducts({ q: 'bowl' })).items.map((item) => item.title);
      assert.deepEqual(await titles(), ['Plain Bowl']);
      await host.db.query("UPDATE catalog.products SET title = 'Glazed Bowl' WHERE id = $1", [created.id]);
      assert.deepEqual(await titles(), ['Plain Bowl']);
      await hear('catalog.product_updated', {
        id: created.id,
        slug: created.slug,
        archived: false,
        changed: ['title'],
      });
      assert.deepEqual(await titles(), ['Glazed Bowl']);
    });

    it('ignores a stock event older than the last one applied', async () => {
      value(
        await host.api.createProduct({ title: 'Ordered Jug', description: '', variants: [variant('JUG', 500, 0)] }),
      );
      await deliver(host, 'inventory.stock_changed', { sku: 'JUG', available: 3 }, '2026-03-01T00:00:02.000Z');
      await deliver(host, 'inventory.stock_changed', { sku: 'JUG', available: 9 }, '2026-03-01T00:00:01.000Z');
      await eventually(async () => (await available('ordered-jug')) === 3);
      const { rows } = await host.db.query<{ available: number }>(
        "SELECT available FROM catalog.variants WHERE sku = 'JUG'",
      );
      assert.equal(rows[0]?.available, 3);
    });

    it('skips malformed events and unknown SKUs without failing the consumer', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Steady Lamp', description: '', variants: [variant('LAMP', 2500, 4)] }),
      );
      await host.drain();
      const state = async () => ({
        products: (await host.db.query('SELECT * FROM catalog.products ORDER BY id')).rows,
        variants: (await host.db.query('SELECT * FROM catalog.variants ORDER BY id')).rows,
        outbox: (await host.db.query('SELECT count(*) AS count FROM catalog.outbox')).rows,
      });
      const before = await state();
      const malformed: [string, unknown][] = [
        ['inventory.stock_changed', { sku: 'NO-SUCH-SKU', available: 4 }],
        ['inventory.stock_changed', { sku: 42 }],
        ['inventory.stock_changed', { sku: 'LAMP', available: 'many' }],
        ['reviews.review_posted', { productId: 'prod_missing', productRating: { count: 1, sum: 5, version: 1 } }],
        ['reviews.review_posted', { productId: 'prod_x', rating: 5 }],
        ['reviews.review_hidden', { productId: 'prod_x', productRating: { count: 1, sum: 9, version: 2 } }],
        ['reviews.review_restored', { productId: 'prod_x', productRating: { count: 1, sum: 5, version: 0 } }],
        // The same shapes, for a product the catalog has.
        ['reviews.review_posted', { productId: created.id, rating: 5 }],
        ['reviews.review_hidden', { productId: created.id, productRating: { count: 1, sum: 9, version: 2 } }],
        ['reviews.review_restored', { productId: created.id, productRating: { count: 1, sum: 5, version: 0 } }],
      ];
      for (const [type, data] of malformed) {
        await assert.doesNotReject(deliver(host, type, data), `${type} ${JSON.stringify(data)}`);
      }
      assert.deepEqual(await state(), before, 'a skipped event changes no row and publishes nothing');
      // The consumer still applies the next well-formed event.
      await deliver(host, 'inventory.stock_changed', { sku: 'LAMP', available: 1 });
      await eventually(async () => value(await host.api.getProduct(created.id)).variants[0]?.available === 1);
    });

    it('keeps the rating aggregate of the newest version, whatever the order and repeats of delivery', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Versioned Mug', description: '', variants: [variant('MUG', 1200)] }),
      );
      const rated = (count: number, sum: number, version: number) => ({
        productId: created.id,
        productRating: { count, sum, version },
      });
      // Posted 5 (v1), posted 2 (v2), hidden the 5 (v3), restored it (v4): delivered v3, v4, v1, v4, v2.
      await deliver(host, 'reviews.review_hidden', rated(1, 2, 3));
      await deliver(host, 'reviews.review_restored', rated(2, 7, 4));
      await deliver(host, 'reviews.review_posted', rated(1, 5, 1));
      await deliver(host, 'reviews.review_restored', rated(2, 7, 4));
      await deliver(host, 'reviews.review_posted', rated(2, 7, 2));
      const { rows } = await host.db.query<{
        rating_count: number;
        rating_sum: number;
        rating_version: number;
        rating_average: number;
      }>('SELECT rating_count, rating_sum, rating_version, rating_average FROM catalog.products WHERE id = $1', [
        created.id,
      ]);
      assert.deepEqual(rows[0], { rating_count: 2, rating_sum: 7, rating_version: 4, rating_average: 3.5 });
      const changes = await host.db.query(
        "SELECT seq FROM catalog.outbox WHERE type = 'catalog.product_rating_changed' AND data->>'productId' = $1",
        [created.id],
      );
      assert.equal(changes.rows.length, 2, 'only the events that moved the version forward republish');
    });

    it('publishes the read-model changes as catalog events', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Rated Pan', description: '', variants: [variant('PAN', 4000, 2)] }),
      );
      await deliverRatings(host, created.id, [5, 2]);
      await deliver(host, 'inventory.stock_changed', { sku: 'PAN', available: 0 });
      const { rows } = await host.db.query<{ type: string; data: Record<string, unknown> }>(
        "SELECT type, data FROM catalog.outbox WHERE data->>'productId' = $1 ORDER BY seq",
        [created.id],
      );
      assert.deepEqual(
        rows.map((row) => row.type),
        ['catalog.product_rating_changed', 'catalog.product_rating_changed', 'catalog.variant_availability_changed'],
      );
      assert.deepEqual(rows[1]?.data, { productId: created.id, slug: 'rated-pan', average: 3.5, count: 2 });
      assert.deepEqual(rows[2]?.data, {
        productId: created.id,
        slug: 'rated-pan',
        sku: 'PAN',
        available: 0,
        inStockChanged: true,
      });
      await eventually(async () => value(await host.api.getProduct(created.id)).rating.count === 2);
    });
  });
}
