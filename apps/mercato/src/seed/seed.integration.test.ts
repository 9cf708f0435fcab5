import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import catalogModule from '@mercato/catalog';
import type { Db } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import { createDemoCatalog, demoCategories } from './demo-catalog.ts';
import { createImagePool } from './images.ts';
import { seedDemoCatalog } from './seed.ts';

const productCount = 300;
const seed = 11;

/** The catalog module alone, booted the way the app boots it, on the given database. */
async function bootCatalog(db: Db) {
  const test = await bootTestHost({
    modules: [catalogModule],
    db,
    config: { catalog: { currency: 'USD' } },
    start: false,
  });
  return { catalog: apiOf(test.apis, catalogModule), host: test.host, close: test.close };
}

for (const target of testDbTargets()) {
  describe(`seedDemoCatalog against the catalog module (${target.name})`, { skip: target.skipReason }, () => {
    test(`seeds ${productCount} products that read back as generated`, async () => {
      const booted = await bootCatalog(await target.open());
      try {
        const summary = await seedDemoCatalog({
          catalog: booted.catalog,
          products: productCount,
          seed,
          batchSize: 100,
          logger: { info: () => {} },
          // Small images keep the catalog's thumbnailing quick; the pool logic is the same.
          imagePool: createImagePool({ sizePx: 96 }),
        });
        assert.deepEqual(
          { categories: summary.categories, products: summary.products },
          { categories: demoCategories().length, products: productCount },
        );
        assert.equal(await booted.catalog.countProducts(), productCount);

        const tree = await booted.catalog.listCategories();
        assert.ok(tree.items.length >= 10);
        const total = tree.items.reduce((sum, department) => sum + department.productCount, 0);
        assert.equal(total, productCount, 'every product sits under exactly one department');

        const expected = createDemoCatalog({ seed }).productAt(productCount - 1);
        const product = await booted.catalog.getProduct(expected.slug);
        assert.ok(product.ok, 'the last generated product reads back by slug');
        assert.equal(product.value.title, expected.title);
        assert.equal(product.value.description, expected.description);
        assert.deepEqual(
          product.value.categories.map((category) => category.slug),
          [expected.categorySlug],
        );
        assert.deepEqual(
          product.value.variants.map((variant) => [variant.sku, variant.title, variant.price.amount]),
          expected.variants.map((variant) => [variant.sku, variant.title, variant.price.amount]),
        );
        assert.equal(product.value.images.length, 1);

        const department = tree.items.find((item) => item.slug === 'clothing')!;
        const page = await booted.catalog.listProducts({ category: 'clothing', limit: 5 });
        assert.ok(page.ok);
        assert.ok(page.value.items.length > 0 && department.productCount > 0);
        await booted.host.drain();
      } finally {
        await booted.close();
      }
    });
  });
}
