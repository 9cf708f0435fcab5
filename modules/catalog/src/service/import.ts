import { inResultTransaction } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import { appendEventsMax } from '@mercato/platform/bus';
import type { CatalogWriteCode, ImageCode, ImportProduct } from '../contract.ts';
import { newProductIssues, productLimits } from '../domain/product.ts';
import * as store from '../store.ts';
import type { CatalogDeps } from './deps.ts';
import { productCreated } from './events.ts';
import { processNewImages } from './images.ts';
import { insertProducts } from './insert-products.ts';
import { takenAs } from './write.ts';

type ImportCode = CatalogWriteCode | ImageCode;

function validate(deps: CatalogDeps, inputs: readonly ImportProduct[]): Result<void, 'invalid_product'> {
  if (inputs.length > productLimits.importBatchMax) {
    return fail('invalid_product', `An import takes at most ${productLimits.importBatchMax} products.`);
  }
  for (const [index, input] of inputs.entries()) {
    const issues = newProductIssues(input, deps.currency);
    if ((input.images ?? []).length > productLimits.imagesMax) {
      issues.push({ path: 'images', message: `at most ${productLimits.imagesMax} images` });
    }
    if (
      input.createdAt !== undefined &&
      !(input.createdAt instanceof Date && Number.isFinite(input.createdAt.getTime()))
    ) {
      issues.push({ path: 'createdAt', message: 'must be a valid Date' });
    }
    if (issues.length > 0)
      return fail('invalid_product', `Product ${index} is not valid.`, { index, issues: issues.slice(0, 50) });
  }
  return ok(undefined);
}

/**
 * Refreshes planner statistics when imports since the last refresh reach a fifth of the
 * catalog (at least 1,000 products), like autovacuum's analyze threshold: seeding
 * 100,000 products refreshes them a few dozen times, each on a sample.
 */
function statisticsKeeper(deps: CatalogDeps) {
  let productsAtRefresh = 0;
  let importedSince = 0;
  return {
    async imported(count: number): Promise<void> {
      importedSince += count;
      if (importedSince < Math.max(1000, productsAtRefresh / 5)) return;
      await store.refreshStatistics(deps.db);
      productsAtRefresh += importedSince;
      importedSince = 0;
    },
  };
}

/**
 * The bulk path for seeding: up to 1,000 products in one transaction with multi-row
 * inserts, one `catalog.product_created` per product. All or nothing: any invalid or
 * conflicting product refuses the whole batch.
 */
export function createImportProducts(deps: CatalogDeps) {
  const statistics = statisticsKeeper(deps);
  return async (inputs: readonly ImportProduct[]): Promise<Result<{ created: number }, ImportCode>> => {
    if (inputs.length === 0) return ok({ created: 0 });
    const valid = validate(deps, inputs);
    if (!valid.ok) return valid;
    const images = await processNewImages(
      deps,
      inputs.flatMap((input) => input.images ?? []),
    );
    if (!images.ok) return images;
    let offset = 0;
    const now = deps.clock.now();
    const products = inputs.map((input) => {
      const count = (input.images ?? []).length;
      const imageHashes = images.value.hashes.slice(offset, offset + count);
      offset += count;
      return { input, createdAt: input.createdAt ?? now, imageHashes };
    });
    const result = await inResultTransaction<{ created: number }, ImportCode>(deps.db, async (tx) => {
      await store.insertImages(tx, images.value.records, now.toISOString());
      const inserted = await insertProducts(tx, deps, products);
      if (!inserted.ok) return inserted;
      for (let start = 0; start < inserted.value.length; start += appendEventsMax) {
        await deps.outbox.append(tx, inserted.value.slice(start, start + appendEventsMax).map(productCreated));
      }
      return ok({ created: inserted.value.length });
    }).catch(takenAs({ slug: 'slug_taken', sku: 'sku_taken' }));
    if (result.ok) {
      deps.cache.invalidateAll();
      await statistics.imported(result.value.created);
    }
    return result;
  };
}
