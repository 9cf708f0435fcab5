import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { assert, type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Category,
  type CatalogWriteCode,
  type CategoryWriteCode,
  catalogAuditActions,
  type NewCategory,
  type NewProduct,
  type Product,
  type WriteOptions,
} from '../contract.ts';
import { categoryIssues, newProductIssues } from '../domain/product.ts';
import { childPath } from '../domain/tree.ts';
import * as store from '../store.ts';
import { productSnapshot, recordStaffWrite } from './audit.ts';
import type { CatalogDeps } from './deps.ts';
import { categoryCreated, productArchived, productCreated, productUpdated } from './events.ts';
import { insertProducts } from './insert-products.ts';
import { toNewCategory, toProduct } from './views.ts';

/** Reads a product (archived ones too) inside a write's transaction: before the change, or after it. */
export async function loadProduct(tx: Tx, id: string): Promise<Product> {
  const view = await store.productView(tx, 'id', id);
  assert(view !== undefined, `product ${id} vanished inside its own transaction`);
  return toProduct(view);
}

/**
 * For `.catch` after a write's transaction: a unique violation (a race the use case's
 * own checks lost) becomes `slug_taken` or `sku_taken` when the use case can answer
 * those; any other error is thrown on.
 */
export function takenAs<Code extends string>(codes: { readonly slug: Code; readonly sku?: Code }) {
  return (error: unknown): Failure<Code> => {
    const field = store.uniqueViolation(error);
    if (field === 'sku' && codes.sku !== undefined) return fail(codes.sku, 'A variant already has this SKU.');
    if (field === 'product_slug' || field === 'category_slug') return fail(codes.slug, 'This slug is taken.');
    throw error;
  };
}

/** Creating categories and products, and archiving products (updates and images have their own files). */
export function createWrites(deps: CatalogDeps) {
  return {
    createCategory: createCategory(deps),
    createProduct: createProduct(deps),
    archiveProduct: archiveProduct(deps),
  };
}

export function invalidProduct(issues: readonly { path: string; message: string }[]) {
  return fail('invalid_product', 'The product is not valid.', { issues: issues.slice(0, 50) });
}

function createCategory(deps: CatalogDeps) {
  return async (input: NewCategory, options: WriteOptions = {}): Promise<Result<Category, CategoryWriteCode>> => {
    const issues = categoryIssues(input);
    if (issues.length > 0) return fail('invalid_category', 'The category is not valid.', { issues });
    const result = await inResultTransaction<Category, CategoryWriteCode>(deps.db, async (tx) => {
      if (await store.categorySlugTaken(tx, input.slug)) return fail('slug_taken', 'A category already has this slug.');
      const parentId = input.parentId ?? null;
      const parent = parentId === null ? undefined : await store.categoryById(tx, parentId);
      if (parentId !== null && parent === undefined)
        return fail('category_not_found', 'No category has the parent id.');
      const id = deps.ids.next('cat');
      const pathIds = childPath(parent?.pathIds ?? [], id);
      if (pathIds === undefined) return fail('invalid_category', 'Categories nest at most 8 deep.');
      const record = {
        id,
        slug: input.slug,
        name: input.name.trim(),
        parentId,
        position: input.position ?? 0,
        pathIds,
      };
      await store.insertCategory(tx, record, deps.clock.now().toISOString());
      await deps.outbox.append(tx, [categoryCreated({ id, slug: record.slug, name: record.name, parentId })]);
      const category = toNewCategory(record);
      await recordStaffWrite(deps, tx, options, {
        action: catalogAuditActions.createCategory,
        entityType: 'category',
        entityId: id,
        before: null,
        after: category,
      });
      return ok(category);
    }).catch(takenAs({ slug: 'slug_taken' }));
    if (result.ok) deps.cache.invalidateAll();
    return result;
  };
}

function createProduct(deps: CatalogDeps) {
  return async (input: NewProduct, options: WriteOptions = {}): Promise<Result<Product, CatalogWriteCode>> => {
    const issues = newProductIssues(input, deps.currency);
    if (issues.length > 0) return invalidProduct(issues);
    const result = await inResultTransaction<Product, CatalogWriteCode>(deps.db, async (tx) => {
      const inserted = await insertProducts(tx, deps, [{ input, createdAt: deps.clock.now(), imageHashes: [] }]);
      if (!inserted.ok) return inserted;
      const [planned] = inserted.value;
      assert(planned !== undefined, 'one product in, one product inserted');
      await deps.outbox.append(tx, [productCreated(planned)]);
      const product = await loadProduct(tx, planned.id);
      await recordStaffWrite(deps, tx, options, {
        action: catalogAuditActions.createProduct,
        entityType: 'product',
        entityId: product.id,
        before: null,
        after: productSnapshot(product, false),
      });
      return ok(product);
    }).catch(takenAs({ slug: 'slug_taken', sku: 'sku_taken' }));
    if (result.ok) deps.cache.invalidateAll();
    return result;
  };
}

function archiveProduct(deps: CatalogDeps) {
  return async (id: string, options: WriteOptions = {}): Promise<Result<Product, 'product_not_found'>> => {
    let archivedNow = false;
    const result = await inResultTransaction<Product, 'product_not_found'>(deps.db, async (tx) => {
      const locked = await store.lockProduct(tx, id);
      if (locked === undefined) return fail('product_not_found', 'No product has this id.');
      // Archiving twice is not an error, and publishes and records nothing the second time.
      if (locked.archived) return ok(await loadProduct(tx, id));
      const before = await loadProduct(tx, id);
      archivedNow = await store.archiveProduct(tx, id, deps.clock.now().toISOString());
      assert(archivedNow, `product ${id} was locked active and did not archive`);
      const product = await loadProduct(tx, id);
      await deps.outbox.append(tx, [productUpdated(product, ['archived'], new Map(), true), productArchived(product)]);
      await recordStaffWrite(deps, tx, options, {
        action: catalogAuditActions.archiveProduct,
        entityType: 'product',
        entityId: id,
        before: productSnapshot(before, false),
        after: productSnapshot(product, true),
      });
      return ok(product);
    });
    if (archivedNow) deps.cache.invalidateAll();
    return result;
  };
}
