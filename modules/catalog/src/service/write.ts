import type { Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import type {
  Category,
  CatalogWriteCode,
  CategoryWriteCode,
  NewCategory,
  NewProduct,
  Product,
} from '../contract.ts';
import { categoryIssues, newProductIssues } from '../domain/product.ts';
import { childPath } from '../domain/tree.ts';
import * as store from '../store.ts';
import type { CatalogDeps } from './deps.ts';
import { categoryCreated, productArchived, productCreated, productUpdated } from './events.ts';
import { insertProducts } from './insert-products.ts';
import { inTransaction } from './transaction.ts';
import { toNewCategory, toProduct } from './views.ts';

/** Reads a product inside a write's transaction, after the write. */
export async function productAfterWrite(tx: Tx, id: string): Promise<Product> {
  const view = await store.productView(tx, 'id', id);
  assert(view !== undefined, `product ${id} vanished inside its own transaction`);
  return toProduct(view);
}

export function invalidProduct(issues: readonly { path: string; message: string }[]) {
  return fail('invalid_product', 'The product is not valid.', { issues: issues.slice(0, 50) });
}

export function createCategory(deps: CatalogDeps) {
  return async (input: NewCategory): Promise<Result<Category, CategoryWriteCode>> => {
    const issues = categoryIssues(input);
    if (issues.length > 0) return fail('invalid_category', 'The category is not valid.', { issues });
    const result = await inTransaction<Category, CategoryWriteCode>(
      deps.db,
      async (tx) => {
        if (await store.categorySlugTaken(tx, input.slug)) return fail('slug_taken', 'A category already has this slug.');
        const parentId = input.parentId ?? null;
        const parent = parentId === null ? undefined : await store.categoryById(tx, parentId);
        if (parentId !== null && parent === undefined) return fail('category_not_found', 'No category has the parent id.');
        const id = deps.ids.next('cat');
        const pathIds = childPath(parent?.pathIds ?? [], id);
        if (pathIds === undefined) return fail('invalid_category', 'Categories nest at most 8 deep.');
        const record = { id, slug: input.slug, name: input.name.trim(), parentId, position: input.position ?? 0, pathIds };
        await store.insertCategory(tx, record, deps.clock.now().toISOString());
        await deps.outbox.append(tx, [categoryCreated({ id, slug: record.slug, name: record.name, parentId })]);
        return ok(toNewCategory(record));
      },
      { slug: 'slug_taken' },
    );
    if (result.ok) deps.cache.invalidateAll();
    return result;
  };
}

export function createProduct(deps: CatalogDeps) {
  return async (input: NewProduct): Promise<Result<Product, CatalogWriteCode>> => {
    const issues = newProductIssues(input, deps.currency);
    if (issues.length > 0) return invalidProduct(issues);
    const result = await inTransaction<Product, CatalogWriteCode>(
      deps.db,
      async (tx) => {
        const inserted = await insertProducts(tx, deps, [{ input, createdAt: deps.clock.now(), imageHashes: [] }]);
        if (!inserted.ok) return inserted;
        const [planned] = inserted.value;
        assert(planned !== undefined, 'one product in, one product inserted');
        await deps.outbox.append(tx, [productCreated(planned)]);
        return ok(await productAfterWrite(tx, planned.id));
      },
      { slug: 'slug_taken', sku: 'sku_taken' },
    );
    if (result.ok) deps.cache.invalidateAll();
    return result;
  };
}

export function archiveProduct(deps: CatalogDeps) {
  return async (id: string): Promise<Result<Product, 'product_not_found'>> => {
    let archivedNow = false;
    const result = await inTransaction<Product, 'product_not_found'>(deps.db, async (tx) => {
      const locked = await store.lockProduct(tx, id);
      if (locked === undefined) return fail('product_not_found', 'No product has this id.');
      // Archiving twice is not an error, and publishes nothing the second time.
      archivedNow = await store.archiveProduct(tx, id, deps.clock.now().toISOString());
      const product = await productAfterWrite(tx, id);
      if (archivedNow) await deps.outbox.append(tx, [productUpdated(product, ['archived'], new Map(), true), productArchived(product)]);
      return ok(product);
    });
    if (archivedNow) deps.cache.invalidateAll();
    return result;
  };
}
