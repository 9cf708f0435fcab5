import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { ImportProduct, ProductArchivedData, ProductCreatedData, ProductUpdatedData } from '../src/contract.ts';
import { bootCatalog, type CatalogHost, outboxEvents, product, usd, value, variant } from './helpers.ts';

function codeOf(result: { ok: boolean; code?: string }): string {
  return result.ok ? 'ok' : (result.code ?? '');
}

for (const target of testDbTargets()) {
  describe(`catalog writes on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;
    let shirts: string;

    before(async () => {
      // Events are inspected in the outbox, so nothing relays them away.
      host = await bootCatalog(target, { start: false });
      const clothing = value(await host.api.createCategory({ slug: 'clothing', name: 'Clothing' }));
      shirts = value(await host.api.createCategory({ slug: 'shirts', name: 'Shirts', parentId: clothing.id })).id;
    });

    after(() => host?.close());

    it('creates a product with a slug from its title and publishes catalog.product_created', async () => {
      const created = value(
        await host.api.createProduct({
          title: 'Linen Shirt',
          description: 'Cool.',
          categoryIds: [shirts],
          variants: [variant('LINEN-M', 4500, 3, { size: 'M' }), variant('LINEN-L', 4000, 0, { size: 'L' })],
        }),
      );
      assert.equal(created.slug, 'linen-shirt');
      assert.deepEqual(created.price, usd(4000));
      assert.equal(created.inStock, true);
      assert.deepEqual(created.categories, [{ id: shirts, slug: 'shirts', name: 'Shirts' }]);
      assert.deepEqual(
        created.variants.map((v) => [v.sku, v.available, v.options]),
        [
          ['LINEN-M', 3, { size: 'M' }],
          ['LINEN-L', 0, { size: 'L' }],
        ],
      );
      const [event] = (await outboxEvents(host, 'catalog.product_created')).filter(
        (e) => (e.data as ProductCreatedData).id === created.id,
      );
      const data = event?.data as ProductCreatedData;
      assert.equal(data.slug, 'linen-shirt');
      assert.deepEqual(data.categoryIds, [shirts]);
      assert.deepEqual(
        data.variants.map((v) => [v.sku, v.initialStock, v.price.amount]),
        [
          ['LINEN-M', 3, 4500],
          ['LINEN-L', 0, 4000],
        ],
      );
      const again = value(
        await host.api.createProduct({ title: 'Linen Shirt', description: '', variants: [variant('LINEN-2', 1)] }),
      );
      assert.match(again.slug, /^linen-shirt-[a-z0-9]+$/);
    });

    it('refuses taken slugs and SKUs, unknown categories and invalid input, writing nothing', async () => {
      const before = (await outboxEvents(host)).length;
      const count = await host.api.countProducts();
      const base = { title: 'Other', description: '', variants: [variant('OTHER-1', 100)] };
      assert.equal(codeOf(await host.api.createProduct({ ...base, slug: 'linen-shirt' })), 'slug_taken');
      assert.equal(codeOf(await host.api.createProduct({ ...base, variants: [variant('LINEN-M', 1)] })), 'sku_taken');
      assert.equal(
        codeOf(await host.api.createProduct({ ...base, categoryIds: ['cat_missing'] })),
        'category_not_found',
      );
      const invalid = await host.api.createProduct({
        ...base,
        variants: [{ ...variant('X', 1), price: { amount: -5, currency: 'EUR' } }],
      });
      assert.equal(codeOf(invalid), 'invalid_product');
      const issues = invalid.ok ? [] : ((invalid.details?.['issues'] ?? []) as { path: string }[]);
      assert.deepEqual(
        issues.map((issue) => issue.path),
        ['variants[0].price.amount', 'variants[0].price.currency'],
      );
      assert.equal(codeOf(await host.api.createCategory({ slug: 'shirts', name: 'Again' })), 'slug_taken');
      assert.equal(
        codeOf(await host.api.createCategory({ slug: 'x', name: 'X', parentId: 'cat_missing' })),
        'category_not_found',
      );
      assert.equal(codeOf(await host.api.createCategory({ slug: 'Bad Slug', name: 'X' })), 'invalid_category');
      assert.equal((await outboxEvents(host)).length, before);
      assert.equal(await host.api.countProducts(), count);
    });

    it('updates fields, categories and variant prices, adds variants, and publishes what changed', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Polo', description: 'Plain.', variants: [variant('POLO-S', 2500, 0)] }),
      );
      const [first] = created.variants;
      const updated = value(
        await host.api.updateProduct(created.id, {
          title: 'Piqué Polo',
          slug: 'pique-polo',
          categoryIds: [shirts],
          variants: [{ id: first!.id, price: usd(2200), options: { size: 'S' } }],
          newVariants: [variant('POLO-M', 2600, 4, { size: 'M' })],
        }),
      );
      assert.equal(updated.title, 'Piqué Polo');
      assert.equal(updated.slug, 'pique-polo');
      assert.deepEqual(updated.price, usd(2200));
      assert.equal(updated.inStock, true);
      assert.deepEqual(
        updated.variants.map((v) => [v.sku, v.price.amount, v.available, v.options]),
        [
          ['POLO-S', 2200, 0, { size: 'S' }],
          ['POLO-M', 2600, 4, { size: 'M' }],
        ],
      );
      assert.equal(value(await host.api.getProduct('pique-polo')).id, created.id);
      assert.equal(codeOf(await host.api.getProduct('polo')), 'product_not_found');
      const events = (await outboxEvents(host, 'catalog.product_updated')).map((e) => e.data as ProductUpdatedData);
      const event = events.find((data) => data.id === created.id);
      assert.deepEqual(event?.changed, ['title', 'slug', 'categories', 'variants']);
      assert.equal(event?.archived, false);
      assert.deepEqual(
        event?.variants.map((v) => [v.sku, v.initialStock]),
        [
          ['POLO-S', undefined],
          ['POLO-M', 4],
        ],
      );
    });

    it('refuses an update naming another product’s variant, and answers product_not_found for unknown ids', async () => {
      const a = value(
        await host.api.createProduct({ title: 'Tee A', description: '', variants: [variant('TEE-A', 1000)] }),
      );
      const b = value(
        await host.api.createProduct({ title: 'Tee B', description: '', variants: [variant('TEE-B', 1000)] }),
      );
      const foreign = await host.api.updateProduct(a.id, { variants: [{ id: b.variants[0]!.id, title: 'stolen' }] });
      assert.equal(codeOf(foreign), 'invalid_product');
      assert.equal(codeOf(await host.api.updateProduct(a.id, { slug: 'tee-b' })), 'slug_taken');
      assert.equal(codeOf(await host.api.updateProduct(a.id, { newVariants: [variant('TEE-B', 5)] })), 'sku_taken');
      assert.equal(codeOf(await host.api.updateProduct('prod_missing', { title: 'x' })), 'product_not_found');
      assert.equal(value(await host.api.getProduct(b.id)).variants[0]?.title, 'TEE-B');
    });

    it('archives once: the product leaves every read and both archive events are published', async () => {
      const created = value(
        await host.api.createProduct({ title: 'Old Vest', description: '', variants: [variant('VEST', 100)] }),
      );
      const archived = value(await host.api.archiveProduct(created.id));
      assert.equal(archived.id, created.id);
      assert.equal(codeOf(await host.api.getProduct(created.id)), 'product_not_found');
      assert.equal(codeOf(await host.api.updateProduct(created.id, { title: 'x' })), 'product_not_found');
      value(await host.api.archiveProduct(created.id));
      const updates = (await outboxEvents(host, 'catalog.product_updated')).filter(
        (e) => (e.data as ProductUpdatedData).id === created.id,
      );
      assert.deepEqual(
        updates.map((e) => [(e.data as ProductUpdatedData).archived, (e.data as ProductUpdatedData).changed]),
        [[true, ['archived']]],
      );
      const archives = (await outboxEvents(host, 'catalog.product_archived')).filter(
        (e) => (e.data as ProductArchivedData).id === created.id,
      );
      assert.equal(archives.length, 1);
      assert.equal(codeOf(await host.api.archiveProduct('prod_missing')), 'product_not_found');
      assert.equal(
        codeOf(
          await host.api.createProduct({ title: 'x', slug: 'old-vest', description: '', variants: [variant('V2', 1)] }),
        ),
        'slug_taken',
      );
    });

    it('imports a few thousand products in batches, one product_created event each', async () => {
      const before = await host.api.countProducts();
      const eventsBefore = (await outboxEvents(host, 'catalog.product_created')).length;
      const batchSize = 1000;
      for (let batch = 0; batch < 3; batch++) {
        const inputs: ImportProduct[] = [];
        for (let i = 0; i < batchSize; i++) {
          const n = batch * batchSize + i;
          inputs.push(
            product(`Bulk Item ${n % 500}`, 100 + n, {
              categoryIds: [shirts],
              variants: [variant(`BULK-${n}-A`, 100 + n, n % 3), variant(`BULK-${n}-B`, 200 + n, 1)],
            }),
          );
        }
        assert.deepEqual(value(await host.api.importProducts(inputs)), { created: batchSize });
      }
      assert.equal(await host.api.countProducts(), before + 3 * batchSize);
      assert.equal((await outboxEvents(host, 'catalog.product_created')).length, eventsBefore + 3 * batchSize);
      const found = value(
        await host.api.listProducts({ q: 'bulk item 7', category: 'shirts', sort: 'price_asc', limit: 100 }),
      );
      assert.ok(found.items.length > 0);
      const slugs = await host.db.query<{ n: number }>(
        "SELECT count(DISTINCT slug)::int AS n FROM catalog.products WHERE title LIKE 'Bulk Item %'",
      );
      assert.equal(slugs.rows[0]?.n, 3 * batchSize);
    });

    it('refuses a whole import batch when one product conflicts, and more than 1,000 per call', async () => {
      const count = await host.api.countProducts();
      const conflicting = [product('Fresh One', 100), product('Fresh Two', 100, { variants: [variant('LINEN-M', 1)] })];
      assert.equal(codeOf(await host.api.importProducts(conflicting)), 'sku_taken');
      const twice = [product('Twin', 100), product('Twin', 100)];
      assert.equal(codeOf(await host.api.importProducts(twice)), 'sku_taken');
      const tooMany = Array.from({ length: 1001 }, (_, n) => product(`Many ${n}`, 1));
      assert.equal(codeOf(await host.api.importProducts(tooMany)), 'invalid_product');
      assert.equal(await host.api.countProducts(), count);
    });
  });
}
