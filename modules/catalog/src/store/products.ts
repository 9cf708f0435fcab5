import type { Queryable } from '@mercato/platform/db';
import type { Money } from '@mercato/platform/kernel';
import { addSearchWords } from './summary.ts';

/**
 * Product rows: bulk inserts through `jsonb_to_recordset` (one statement and one
 * parameter per table, whatever the batch size), single-row updates, and the
 * lookups that guard uniqueness before a write.
 */

export type ProductRow = {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly currency: string;
  readonly createdAt: string;
};
export type VariantRow = {
  readonly id: string;
  readonly productId: string;
  readonly sku: string;
  readonly title: string;
  readonly options: Record<string, string>;
  readonly price: Money;
  readonly available: number;
  readonly position: number;
  readonly createdAt: string;
};
export type ProductCategoryRow = { readonly productId: string; readonly categoryId: string; readonly position: number };

/**
 * Inserts products after their variants, category links and image links (those
 * foreign keys are deferred), so each row is written once, summary included.
 */
export async function insertProducts(q: Queryable, rows: readonly ProductRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO catalog.products (id, slug, title, description, currency, created_at, updated_at,
                                   price_min, in_stock, thumbnail_hash, category_path_ids, search)
     SELECT r.id, r.slug, r.title, r.description, r.currency, r.created_at, r.created_at,
            s.price_min, s.in_stock, s.thumbnail_hash, s.category_path_ids, s.search
       FROM jsonb_to_recordset($1::text::jsonb)
         AS r(id text, slug text, title text, description text, currency text, created_at timestamptz)
       CROSS JOIN LATERAL catalog.derived_summary(r.id, r.title, r.description) s`,
    [JSON.stringify(rows.map((row) => ({ ...row, created_at: row.createdAt })))],
  );
  await addSearchWords(
    q,
    rows.map((row) => row.id),
  );
}

export async function insertVariants(q: Queryable, rows: readonly VariantRow[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((row) => ({
    id: row.id,
    product_id: row.productId,
    sku: row.sku,
    title: row.title,
    options: row.options,
    price_amount: row.price.amount,
    currency: row.price.currency,
    available: row.available,
    position: row.position,
    created_at: row.createdAt,
  }));
  await q.query(
    `INSERT INTO catalog.variants (id, product_id, sku, title, options, price_amount, currency, available, position, created_at)
     SELECT r.id, r.product_id, r.sku, r.title, r.options, r.price_amount, r.currency, r.available, r.position, r.created_at
       FROM jsonb_to_recordset($1::text::jsonb)
         AS r(id text, product_id text, sku text, title text, options jsonb, price_amount bigint, currency text,
              available integer, position integer, created_at timestamptz)`,
    [JSON.stringify(records)],
  );
}

export async function insertProductCategories(q: Queryable, rows: readonly ProductCategoryRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO catalog.product_categories (product_id, category_id, position)
     SELECT r.product_id, r.category_id, r.position
       FROM jsonb_to_recordset($1::text::jsonb) AS r(product_id text, category_id text, position integer)`,
    [
      JSON.stringify(
        rows.map((row) => ({ product_id: row.productId, category_id: row.categoryId, position: row.position })),
      ),
    ],
  );
}

/** Replaces a product's categories with `categoryIds`, in that order. */
export async function replaceProductCategories(
  q: Queryable,
  productId: string,
  categoryIds: readonly string[],
): Promise<void> {
  await q.query('DELETE FROM catalog.product_categories WHERE product_id = $1', [productId]);
  await insertProductCategories(
    q,
    categoryIds.map((categoryId, position) => ({ productId, categoryId, position })),
  );
}

/** The slugs among `slugs` that a product (archived included) already holds. */
export async function takenSlugs(q: Queryable, slugs: readonly string[]): Promise<Set<string>> {
  if (slugs.length === 0) return new Set();
  const { rows } = await q.query<{ slug: string }>(
    'SELECT slug FROM catalog.products WHERE slug = ANY($1::text[]) LIMIT $2',
    [slugs, slugs.length],
  );
  return new Set(rows.map((row) => row.slug));
}

/** The SKUs among `skus` that a variant (of any product) already holds. */
export async function takenSkus(q: Queryable, skus: readonly string[]): Promise<Set<string>> {
  if (skus.length === 0) return new Set();
  const { rows } = await q.query<{ sku: string }>(
    'SELECT sku FROM catalog.variants WHERE sku = ANY($1::text[]) LIMIT $2',
    [skus, skus.length],
  );
  return new Set(rows.map((row) => row.sku));
}

export type LockedProduct = {
  readonly id: string;
  readonly slug: string;
  readonly archived: boolean;
  readonly variantIds: string[];
};

/** Locks a product row for a write and answers what the write needs to check against. */
export async function lockProduct(q: Queryable, id: string): Promise<LockedProduct | undefined> {
  const { rows } = await q.query<{ id: string; slug: string; archived: boolean }>(
    'SELECT id, slug, archived FROM catalog.products WHERE id = $1 FOR UPDATE',
    [id],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const variants = await q.query<{ id: string }>(
    'SELECT id FROM catalog.variants WHERE product_id = $1 ORDER BY position LIMIT 1000',
    [id],
  );
  return { ...row, variantIds: variants.rows.map((variant) => variant.id) };
}

export type ProductFieldsPatch = { title?: string; description?: string; slug?: string };

export async function updateProductFields(
  q: Queryable,
  id: string,
  patch: ProductFieldsPatch,
  updatedAt: string,
): Promise<void> {
  await q.query(
    `UPDATE catalog.products
        SET title = coalesce($2, title), description = coalesce($3, description), slug = coalesce($4, slug), updated_at = $5
      WHERE id = $1`,
    [id, patch.title ?? null, patch.description ?? null, patch.slug ?? null, updatedAt],
  );
}

export type VariantFieldsPatch = { id: string; title?: string; options?: Record<string, string>; price?: Money };

/** Applies variant changes in one statement; absent fields keep their values. */
export async function updateVariants(
  q: Queryable,
  productId: string,
  patches: readonly VariantFieldsPatch[],
): Promise<void> {
  if (patches.length === 0) return;
  const records = patches.map((patch) => ({
    id: patch.id,
    title: patch.title ?? null,
    options: patch.options ?? null,
    price_amount: patch.price?.amount ?? null,
    currency: patch.price?.currency ?? null,
  }));
  await q.query(
    `UPDATE catalog.variants v
        SET title = coalesce(r.title, v.title), options = coalesce(r.options, v.options),
            price_amount = coalesce(r.price_amount, v.price_amount), currency = coalesce(r.currency, v.currency)
       FROM jsonb_to_recordset($2::text::jsonb) AS r(id text, title text, options jsonb, price_amount bigint, currency text)
      WHERE v.id = r.id AND v.product_id = $1`,
    [productId, JSON.stringify(records)],
  );
}

/** Archives an active product; false when it was not active. */
export async function archiveProduct(q: Queryable, id: string, updatedAt: string): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE catalog.products SET archived = true, updated_at = $2 WHERE id = $1 AND NOT archived',
    [id, updatedAt],
  );
  return rowCount === 1;
}

export async function countProducts(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ count: number }>('SELECT count(*)::int AS count FROM catalog.products');
  return rows[0]?.count ?? 0;
}
