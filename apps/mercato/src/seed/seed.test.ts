import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Category, ImportProduct, NewCategory } from '@mercato/catalog/contract';
import { fail, ok } from '@mercato/platform/kernel';
import { demoCategories } from './demo-catalog.ts';
import { createImagePool } from './images.ts';
import { type SeedCatalog, SeedError, type SeedProgress, seedDemoCatalog } from './seed.ts';

const silentLogger = { info: () => {} };

/** Records what the seeder asks of the catalog; `failImportAt` makes that call fail. */
function fakeCatalog(failImportAt = -1) {
  const categories: (NewCategory & { id: string })[] = [];
  const imports: ImportProduct[][] = [];
  const catalog: SeedCatalog = {
    // A flat list is enough here: the seeder reads slugs and ids from every node.
    listCategories: async () => ({
      items: categories.map((category) => ({
        id: category.id,
        slug: category.slug,
        name: category.name,
        parentId: category.parentId ?? null,
        productCount: 0,
        children: [],
      })),
    }),
    createCategory: async (input) => {
      const id = `cat_${categories.length + 1}`;
      categories.push({ ...input, id });
      const category: Category = {
        id,
        slug: input.slug,
        name: input.name,
        parentId: input.parentId ?? null,
        productCount: 0,
        children: [],
      };
      return ok(category);
    },
    importProducts: async (inputs) => {
      if (imports.length === failImportAt)
        return fail('sku_taken', 'a SKU is taken', { sku: inputs[0]?.variants[0]?.sku });
      imports.push([...inputs]);
      return ok({ created: inputs.length });
    },
  };
  return { catalog, categories, imports };
}

describe('seedDemoCatalog', () => {
  test('creates categories parents first, then imports products in batches with one pooled image each', async () => {
    const fake = fakeCatalog();
    const progress: SeedProgress[] = [];
    const summary = await seedDemoCatalog({
      catalog: fake.catalog,
      products: 250,
      batchSize: 100,
      logger: silentLogger,
      imagePool: createImagePool({ sizePx: 64 }),
      onProgress: (entry) => progress.push(entry),
    });

    assert.equal(summary.categories, demoCategories().length);
    assert.equal(summary.products, 250);
    const idsBySlug = new Map(fake.categories.map((category) => [category.slug, category.id]));
    for (const category of fake.categories) {
      if (category.parentId === null) continue;
      assert.ok(
        fake.categories.findIndex((other) => other.id === category.parentId) < fake.categories.indexOf(category),
      );
    }
    assert.deepEqual(
      fake.imports.map((batch) => batch.length),
      [100, 100, 50],
    );
    const rows = fake.imports.flat();
    const knownIds = new Set(idsBySlug.values());
    for (const row of rows) {
      assert.equal(row.images?.length, 1);
      assert.equal(row.images![0]!.contentType, 'image/webp');
      assert.ok(row.categoryIds?.every((id) => knownIds.has(id)));
      assert.ok(row.createdAt instanceof Date);
    }
    const distinctBytes = new Set(rows.map((row) => row.images![0]!.bytes));
    assert.ok(distinctBytes.size < rows.length, 'products share pooled image bytes');
    assert.deepEqual(
      progress.map((entry) => entry.productsCreated),
      [100, 200, 250],
    );
  });

  test('seeds the same catalog for the same seed', async () => {
    const first = fakeCatalog();
    const second = fakeCatalog();
    const pool = createImagePool({ sizePx: 64 });
    for (const fake of [first, second]) {
      await seedDemoCatalog({ catalog: fake.catalog, products: 20, seed: 5, logger: silentLogger, imagePool: pool });
    }
    const strip = (rows: ImportProduct[]) => rows.map(({ images: _images, ...row }) => row);
    assert.deepEqual(strip(first.imports.flat()), strip(second.imports.flat()));
  });

  test('a second run reuses the categories and, from firstIndex, adds products that do not collide', async () => {
    const fake = fakeCatalog();
    const pool = createImagePool({ sizePx: 64 });
    await seedDemoCatalog({ catalog: fake.catalog, products: 40, logger: silentLogger, imagePool: pool });
    const second = await seedDemoCatalog({
      catalog: fake.catalog,
      products: 40,
      firstIndex: 40,
      logger: silentLogger,
      imagePool: pool,
    });
    assert.equal(second.categories, 0);
    assert.equal(fake.categories.length, demoCategories().length);
    const rows = fake.imports.flat();
    assert.equal(new Set(rows.map((row) => row.slug)).size, 80);
    assert.equal(
      new Set(rows.flatMap((row) => row.variants.map((variant) => variant.sku))).size,
      rows.flatMap((row) => row.variants).length,
    );
  });

  test('refuses a non-positive, fractional or absurd product count and a bad batch size', async () => {
    const fake = fakeCatalog();
    for (const products of [0, -5, 1.5, Number.NaN, 1_000_001]) {
      await assert.rejects(
        seedDemoCatalog({ catalog: fake.catalog, products, logger: silentLogger }),
        (error: unknown) => error instanceof SeedError && error.code === 'product_count_invalid',
      );
    }
    await assert.rejects(
      seedDemoCatalog({ catalog: fake.catalog, products: 10, firstIndex: 999_995, logger: silentLogger }),
      (error: unknown) => error instanceof SeedError && error.code === 'product_count_invalid',
    );
    await assert.rejects(
      seedDemoCatalog({ catalog: fake.catalog, products: 10, batchSize: 1001, logger: silentLogger }),
      (error: unknown) => error instanceof SeedError && error.code === 'batch_size_invalid',
    );
    assert.equal(fake.categories.length, 0, 'nothing is written before the refusal');
  });

  test('stops with import_failed when the catalog refuses a batch', async () => {
    const fake = fakeCatalog(1);
    await assert.rejects(
      seedDemoCatalog({
        catalog: fake.catalog,
        products: 30,
        batchSize: 10,
        logger: silentLogger,
        imagePool: createImagePool({ sizePx: 64 }),
      }),
      (error: unknown) =>
        error instanceof SeedError && error.code === 'import_failed' && error.details['code'] === 'sku_taken',
    );
    assert.equal(fake.imports.length, 1);
  });

  test('logs progress every N batches and after the last', async () => {
    const lines: Record<string, unknown>[] = [];
    const logger = { info: (fields: Record<string, unknown>, message: string) => lines.push({ ...fields, message }) };
    const fake = fakeCatalog();
    await seedDemoCatalog({
      catalog: fake.catalog,
      products: 50,
      batchSize: 10,
      progressEveryBatches: 2,
      logger,
      imagePool: createImagePool({ sizePx: 64 }),
    });
    const progressLines = lines.filter((line) => line['message'] === 'seed: products imported');
    assert.deepEqual(
      progressLines.map((line) => line['productsCreated']),
      [20, 40, 50],
    );
  });
});
