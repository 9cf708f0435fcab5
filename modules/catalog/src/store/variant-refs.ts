import type { Queryable } from '@mercato/platform/db';

export type VariantRefRow = {
  readonly variantId: string;
  readonly productId: string;
  readonly productSlug: string;
  readonly productTitle: string;
  readonly variantTitle: string;
  readonly sku: string;
  readonly priceAmount: number;
  readonly currency: string;
  readonly thumbnailHash: string | null;
};

/**
 * Variants by id with their product's slug, title and thumbnail, for quoting: one
 * statement over the variants' primary key, active products only. The caller bounds
 * the ids; the LIMIT repeats that bound.
 */
export async function variantRefs(q: Queryable, variantIds: readonly string[]): Promise<VariantRefRow[]> {
  if (variantIds.length === 0) return [];
  const { rows } = await q.query<VariantRefRow>(
    `SELECT v.id AS "variantId", v.product_id AS "productId", p.slug AS "productSlug", p.title AS "productTitle",
            v.title AS "variantTitle", v.sku, v.price_amount AS "priceAmount", v.currency, p.thumbnail_hash AS "thumbnailHash"
       FROM catalog.variants v
       JOIN catalog.products p ON p.id = v.product_id
      WHERE v.id = ANY($1::text[]) AND NOT p.archived
      LIMIT $2`,
    [variantIds, variantIds.length],
  );
  return rows;
}
