import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type CatalogWriteCode,
  catalogAuditActions,
  type Product,
  type ProductPatch,
  type WriteOptions,
} from '../contract.ts';
import { type Issue, patchIssues, productLimits } from '../domain/product.ts';
import * as store from '../store.ts';
import { productSnapshot, recordStaffWrite } from './audit.ts';
import type { CatalogDeps } from './deps.ts';
import { productUpdated } from './events.ts';
import { invalidProduct, loadProduct, takenAs } from './write.ts';

type UpdateCode = CatalogWriteCode | 'product_not_found';

/** What a patch changes, named as in `catalog.product_updated`'s `changed`. */
function changedFields(patch: ProductPatch): string[] {
  const fields: string[] = [];
  if (patch.title !== undefined) fields.push('title');
  if (patch.description !== undefined) fields.push('description');
  if (patch.slug !== undefined) fields.push('slug');
  if (patch.categoryIds !== undefined) fields.push('categories');
  if ((patch.variants ?? []).length > 0 || (patch.newVariants ?? []).length > 0) fields.push('variants');
  return fields;
}

/** Checks that need the stored product: variant ids, the variant count, slug, SKUs and categories. */
async function checkAgainstStore(
  tx: Tx,
  locked: store.LockedProduct,
  patch: ProductPatch,
): Promise<Result<void, UpdateCode>> {
  const own = new Set(locked.variantIds);
  const issues: Issue[] = [];
  for (const [index, change] of (patch.variants ?? []).entries()) {
    if (!own.has(change.id))
      issues.push({ path: `variants[${index}].id`, message: 'is not a variant of this product' });
  }
  const added = patch.newVariants ?? [];
  if (locked.variantIds.length + added.length > productLimits.variantsMax) {
    issues.push({ path: 'newVariants', message: `a product has at most ${productLimits.variantsMax} variants` });
  }
  if (issues.length > 0) return invalidProduct(issues);
  if (patch.slug !== undefined && patch.slug !== locked.slug && (await store.takenSlugs(tx, [patch.slug])).size > 0) {
    return fail('slug_taken', 'A product already has this slug.');
  }
  const skus = await store.takenSkus(
    tx,
    added.map((variant) => variant.sku),
  );
  if (skus.size > 0) return fail('sku_taken', 'A variant already has this SKU.', { skus: [...skus] });
  const missing = await store.missingCategories(tx, patch.categoryIds ?? []);
  if (missing.length > 0) return fail('category_not_found', 'No category has this id.', { categoryIds: missing });
  return ok(undefined);
}

async function applyPatch(
  tx: Tx,
  deps: CatalogDeps,
  locked: store.LockedProduct,
  patch: ProductPatch,
): Promise<Map<string, number>> {
  const now = deps.clock.now().toISOString();
  await store.updateProductFields(
    tx,
    locked.id,
    { title: patch.title, description: patch.description, slug: patch.slug },
    now,
  );
  await store.updateVariants(tx, locked.id, patch.variants ?? []);
  if (patch.categoryIds !== undefined)
    await store.replaceProductCategories(tx, locked.id, [...new Set(patch.categoryIds)]);
  const added = patch.newVariants ?? [];
  await store.insertVariants(
    tx,
    added.map((variant, index) => ({
      id: deps.ids.next('var'),
      productId: locked.id,
      sku: variant.sku,
      title: variant.title,
      options: { ...variant.options },
      price: { amount: variant.price.amount, currency: variant.price.currency },
      available: variant.initialStock ?? 0,
      position: locked.variantIds.length + index,
      createdAt: now,
    })),
  );
  await store.refreshSummaries(tx, [locked.id]);
  return new Map(added.map((variant) => [variant.sku, variant.initialStock ?? 0]));
}

/**
 * Changes an active product: its fields, its categories, its variants' titles, options
 * and prices, and new variants. The summary row is derived again in the same transaction,
 * and one `catalog.product_updated` names what changed. An empty patch changes nothing
 * and publishes and records nothing.
 */
export function createUpdateProduct(deps: CatalogDeps) {
  return async (id: string, patch: ProductPatch, options: WriteOptions = {}): Promise<Result<Product, UpdateCode>> => {
    const issues = patchIssues(patch, deps.currency);
    if (issues.length > 0) return invalidProduct(issues);
    const changed = changedFields(patch);
    const result = await inResultTransaction<Product, UpdateCode>(deps.db, async (tx) => {
      const locked = await store.lockProduct(tx, id);
      if (locked === undefined || locked.archived) return fail('product_not_found', 'No active product has this id.');
      const checked = await checkAgainstStore(tx, locked, patch);
      if (!checked.ok) return checked;
      const before = await loadProduct(tx, id);
      if (changed.length === 0) return ok(before);
      const initialStocks = await applyPatch(tx, deps, locked, patch);
      const product = await loadProduct(tx, id);
      await deps.outbox.append(tx, [productUpdated(product, changed, initialStocks)]);
      await recordStaffWrite(deps, tx, options, {
        action: catalogAuditActions.updateProduct,
        entityType: 'product',
        entityId: id,
        before: productSnapshot(before, false),
        after: productSnapshot(product, false),
      });
      return ok(product);
    }).catch(takenAs({ slug: 'slug_taken', sku: 'sku_taken' }));
    if (result.ok && changed.length > 0) deps.cache.invalidateAll();
    return result;
  };
}
