import type { Queryable } from '@mercato/platform/db';
import { refreshInStock } from './summary.ts';

/**
 * The catalog's copies of other modules' facts: stock per variant (inventory) and the
 * rating per product (reviews). Applied by event handlers inside their inbox transaction.
 */

export type StockApplied = {
  readonly productId: string;
  readonly slug: string;
  readonly changed: boolean;
  readonly inStockChanged: boolean;
};

/**
 * Sets a variant's `available` unless a newer stock event was already applied. The
 * product row is locked first so that its `in_stock`, recomputed afterwards, sees
 * every other variant's committed value.
 */
export async function applyStock(
  q: Queryable,
  sku: string,
  available: number,
  occurredAt: string,
): Promise<StockApplied | undefined> {
  const locked = await q.query<{ id: string; slug: string; in_stock: boolean }>(
    `SELECT p.id, p.slug, p.in_stock FROM catalog.products p
      WHERE p.id = (SELECT product_id FROM catalog.variants WHERE sku = $1)
      FOR UPDATE`,
    [sku],
  );
  const product = locked.rows[0];
  if (product === undefined) return undefined;
  const updated = await q.query<{ previous: number }>(
    `UPDATE catalog.variants v SET available = $2, stock_changed_at = $3
       FROM (SELECT id, available AS previous FROM catalog.variants WHERE sku = $1) old
      WHERE v.id = old.id AND (v.stock_changed_at IS NULL OR v.stock_changed_at <= $3::timestamptz)
      RETURNING old.previous`,
    [sku, available, occurredAt],
  );
  const previous = updated.rows[0]?.previous;
  if (previous === undefined || previous === available) {
    return { productId: product.id, slug: product.slug, changed: false, inStockChanged: false };
  }
  const inStock = await refreshInStock(q, product.id);
  return { productId: product.id, slug: product.slug, changed: true, inStockChanged: inStock !== product.in_stock };
}

export type RatingApplied = {
  readonly productId: string;
  readonly slug: string;
  readonly average: number;
  readonly count: number;
};

/**
 * Replaces a product's rating with the owner's aggregate at `version`, unless a version
 * as new was already applied: undefined then, and for an unknown product.
 */
export async function applyRating(
  q: Queryable,
  productId: string,
  rating: { readonly count: number; readonly sum: number; readonly version: number },
): Promise<RatingApplied | undefined> {
  const { rows } = await q.query<RatingApplied>(
    `UPDATE catalog.products SET rating_count = $2, rating_sum = $3, rating_version = $4
      WHERE id = $1 AND rating_version < $4
      RETURNING id AS "productId", slug, rating_average AS average, rating_count AS count`,
    [productId, rating.count, rating.sum, rating.version],
  );
  return rows[0];
}
