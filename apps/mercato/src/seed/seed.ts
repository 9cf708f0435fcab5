import type { CatalogApi, Category, ImportProduct } from '@mercato/catalog/contract';
import { assert } from '@mercato/platform/kernel';
import {
  createDemoCatalog,
  type DemoCategory,
  type DemoImageSpec,
  type DemoProduct,
  demoBatchSizeMax,
  demoProductCountMax,
} from './demo-catalog.ts';
import { createImagePool, type ImagePool, type ProductImage } from './images.ts';

/**
 * Seeds the demo catalog through the catalog's API: categories first (parents before
 * children; ones that already exist are reused), then products in batches through the
 * bulk import, each with one pooled image. Generation streams batch by batch, so memory
 * stays flat at any product count.
 */

/** The part of the catalog the seeder uses, so tests can pass a fake. */
export type SeedCatalog = Pick<CatalogApi, 'listCategories' | 'createCategory' | 'importProducts'>;

/** Structurally a pino logger's `info`. */
export type SeedLogger = { info(fields: Record<string, unknown>, message: string): void };

export type SeedProgress = {
  readonly productsCreated: number;
  readonly productsTotal: number;
  readonly batchesDone: number;
  readonly elapsedMs: number;
};

export type SeedOptions = {
  readonly catalog: SeedCatalog;
  readonly products: number;
  readonly seed?: number;
  /**
   * Index of the first generated product (default 0). Products depend only on (seed, index),
   * so seeding more into a catalog seeded before passes its product count here and gets new,
   * non-colliding products.
   */
  readonly firstIndex?: number;
  /** Products per importProducts call; default 500, at most 1,000. */
  readonly batchSize?: number;
  readonly logger: SeedLogger;
  /** Called after every batch. */
  readonly onProgress?: (progress: SeedProgress) => void;
  /** Log a progress line every this many batches (default 20, and always after the last). */
  readonly progressEveryBatches?: number;
  /** Products are dated in the two years before this instant (default: a fixed date). */
  readonly createdUntil?: Date;
  /** Images to use; a fresh 800px pool by default. Tests pass a smaller one. */
  readonly imagePool?: ImagePool;
};

export type SeedSummary = {
  /** Categories created by this run (existing ones are reused, not counted). */
  readonly categories: number;
  readonly products: number;
  readonly elapsedMs: number;
};

export type SeedErrorCode = 'product_count_invalid' | 'batch_size_invalid' | 'category_failed' | 'import_failed';

/** Seeding is a one-shot command: a refusal or a catalog failure ends it with this error. */
export class SeedError extends Error {
  override name = 'SeedError';
  readonly code: SeedErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: SeedErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.details = details;
  }
}

export const seedBatchSizeDefault = 500;
const progressEveryBatchesDefault = 20;
const categoriesVisitedMax = 10_000;

export async function seedDemoCatalog(options: SeedOptions): Promise<SeedSummary> {
  const batchSize = options.batchSize ?? seedBatchSizeDefault;
  const firstIndex = options.firstIndex ?? 0;
  refuseBadSizes(options.products, batchSize, firstIndex);
  const startedMs = performance.now();
  const demo = createDemoCatalog({ seed: options.seed, createdUntil: options.createdUntil });
  const { ids: categoryIds, created: categoriesCreated } = await ensureCategories(options.catalog, demo.categories);
  options.logger.info(
    { created: categoriesCreated, reused: categoryIds.size - categoriesCreated },
    'seed: categories ready',
  );

  const pool = options.imagePool ?? createImagePool();
  const progressEvery = Math.max(1, options.progressEveryBatches ?? progressEveryBatchesDefault);
  const batchesTotal = Math.ceil(options.products / batchSize);
  let productsCreated = 0;
  let batchesDone = 0;
  for (const batch of demo.batches(options.products, batchSize, firstIndex)) {
    const rows = await importRows(batch, categoryIds, pool);
    const result = await options.catalog.importProducts(rows);
    if (!result.ok) {
      throw new SeedError('import_failed', `importProducts failed: ${result.message}`, {
        code: result.code,
        firstIndex: batch[0]?.index,
        details: result.details,
      });
    }
    productsCreated += result.value.created;
    batchesDone += 1;
    const progress = {
      productsCreated,
      productsTotal: options.products,
      batchesDone,
      elapsedMs: performance.now() - startedMs,
    };
    options.onProgress?.(progress);
    if (batchesDone % progressEvery === 0 || batchesDone === batchesTotal) {
      const perSecond = Math.round(productsCreated / Math.max(progress.elapsedMs / 1000, 0.001));
      options.logger.info(
        { ...progress, elapsedMs: Math.round(progress.elapsedMs), perSecond, images: pool.size() },
        'seed: products imported',
      );
    }
  }
  return {
    categories: categoriesCreated,
    products: productsCreated,
    elapsedMs: Math.round(performance.now() - startedMs),
  };
}

function refuseBadSizes(products: number, batchSize: number, firstIndex: number): void {
  if (!Number.isSafeInteger(products) || products <= 0 || products > demoProductCountMax) {
    throw new SeedError(
      'product_count_invalid',
      `product count must be an integer from 1 to ${demoProductCountMax}: ${products}`,
    );
  }
  if (!Number.isSafeInteger(firstIndex) || firstIndex < 0 || firstIndex + products > demoProductCountMax) {
    throw new SeedError(
      'product_count_invalid',
      `first index ${firstIndex} plus ${products} products exceeds ${demoProductCountMax}`,
    );
  }
  if (!Number.isSafeInteger(batchSize) || batchSize <= 0 || batchSize > demoBatchSizeMax) {
    throw new SeedError(
      'batch_size_invalid',
      `batch size must be an integer from 1 to ${demoBatchSizeMax}: ${batchSize}`,
    );
  }
}

/**
 * Creates the missing categories in order (parents come first) and answers every demo
 * category's id by slug. Existing categories with a demo slug are reused, so a second
 * seed run adds products without failing on `slug_taken`.
 */
async function ensureCategories(
  catalog: SeedCatalog,
  categories: readonly DemoCategory[],
): Promise<{ ids: Map<string, string>; created: number }> {
  const ids = existingCategoryIds(await catalog.listCategories());
  let created = 0;
  for (const category of categories) {
    if (ids.has(category.slug)) continue;
    const parentId = category.parentSlug === null ? null : ids.get(category.parentSlug);
    if (parentId === undefined) {
      throw new SeedError('category_failed', `parent ${category.parentSlug} of ${category.slug} was not created first`);
    }
    const result = await catalog.createCategory({
      slug: category.slug,
      name: category.name,
      parentId,
      position: category.position,
    });
    if (!result.ok) {
      throw new SeedError('category_failed', `createCategory ${category.slug} failed: ${result.message}`, {
        code: result.code,
        slug: category.slug,
      });
    }
    ids.set(category.slug, result.value.id);
    created += 1;
  }
  return { ids, created };
}

function existingCategoryIds(tree: { items: Category[] }): Map<string, string> {
  const ids = new Map<string, string>();
  // Walks the tree breadth-first; the demo tree is two levels, a bound guards a cyclic bug.
  const queue = [...tree.items];
  for (let visited = 0; visited < queue.length && visited < categoriesVisitedMax; visited += 1) {
    const category = queue[visited]!;
    ids.set(category.slug, category.id);
    queue.push(...category.children);
  }
  return ids;
}

async function importRows(
  batch: readonly DemoProduct[],
  categoryIds: ReadonlyMap<string, string>,
  pool: ImagePool,
): Promise<ImportProduct[]> {
  // Render the batch's new pool images concurrently (sharp works off the main thread).
  const specs = new Map<string, DemoImageSpec>(batch.map((product) => [product.image.key, product.image]));
  const images = new Map<string, ProductImage>();
  await Promise.all([...specs.values()].map(async (spec) => images.set(spec.key, await pool.get(spec))));
  return batch.map((product) => {
    const categoryId = categoryIds.get(product.categorySlug);
    const image = images.get(product.image.key);
    assert(categoryId !== undefined && image !== undefined, `product ${product.index} lacks its category or image`);
    return {
      title: product.title,
      slug: product.slug,
      description: product.description,
      categoryIds: [categoryId],
      variants: product.variants.map((variant) => ({ ...variant, options: { ...variant.options } })),
      images: [{ bytes: image.bytes, contentType: image.contentType }],
      createdAt: product.createdAt,
    };
  });
}
