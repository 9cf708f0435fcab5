import type { Queryable } from '@mercato/platform/db';

/**
 * The summary columns of `catalog.products` are derived data, derived in one place:
 * the SQL function `catalog.derived_summary` (migration 0001). New products get them
 * in their INSERT (store/products.ts); every other write calls `refreshSummaries` in
 * its transaction.
 */
export async function refreshSummaries(q: Queryable, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await q.query(
    `UPDATE catalog.products p
        SET (price_min, in_stock, thumbnail_hash, category_path_ids, search) =
            (SELECT s.price_min, s.in_stock, s.thumbnail_hash, s.category_path_ids, s.search
               FROM catalog.derived_summary(p.id, p.title, p.description) s)
      WHERE p.id = ANY($1::text[])`,
    [productIds],
  );
  await addSearchWords(q, productIds);
}

/**
 * Adds the words of the products' titles and category names to the vocabulary that
 * misspelt query words are corrected against. Words are never removed: a stale word
 * only makes a correction find nothing.
 */
export async function addSearchWords(q: Queryable, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await q.query(
    `INSERT INTO catalog.search_words (word)
     SELECT DISTINCT w.word
       FROM catalog.products p
       CROSS JOIN LATERAL regexp_split_to_table(
         lower(p.title || ' ' || coalesce((SELECT string_agg(c.name, ' ') FROM catalog.categories c WHERE c.id = ANY(p.category_path_ids)), '')),
         '[^[:alnum:]]+'
       ) AS w(word)
      WHERE p.id = ANY($1::text[]) AND length(w.word) BETWEEN 3 AND 40
     ON CONFLICT (word) DO NOTHING`,
    [productIds],
  );
}

/**
 * Recomputes `in_stock` after a variant's `available` changed. The caller holds the
 * product row lock (taken before the variant changed), so two stock changes of one
 * product cannot both read the other's old value.
 */
export async function refreshInStock(q: Queryable, productId: string): Promise<boolean> {
  const { rows } = await q.query<{ in_stock: boolean }>(
    `UPDATE catalog.products p
        SET in_stock = EXISTS (SELECT 1 FROM catalog.variants v WHERE v.product_id = p.id AND v.available > 0)
      WHERE p.id = $1
      RETURNING p.in_stock`,
    [productId],
  );
  return rows[0]?.in_stock ?? false;
}

/**
 * Refreshes the planner's statistics of the catalog's tables. PostgreSQL servers do this
 * on their own (autovacuum); PGlite does not, and a planner that still believes the table
 * is empty picks sequential scans after a bulk import.
 */
export async function refreshStatistics(q: Queryable): Promise<void> {
  await q.exec(
    'ANALYZE catalog.products, catalog.variants, catalog.product_categories, catalog.product_images, catalog.search_words',
  );
}
