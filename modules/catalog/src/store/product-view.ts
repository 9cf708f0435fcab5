import type { Queryable } from '@mercato/platform/db';
import type { Money } from '@mercato/platform/kernel';
import { productLimits } from '../domain/product.ts';

/** A product with everything its page shows, read in one statement. */
export type ProductView = {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly archived: boolean;
  readonly price: number;
  readonly currency: string;
  readonly thumbnailHash: string | null;
  readonly ratingAverage: number;
  readonly ratingCount: number;
  readonly inStock: boolean;
  readonly variants: {
    id: string;
    sku: string;
    title: string;
    options: Record<string, string>;
    price: Money;
    available: number;
  }[];
  readonly categories: { id: string; slug: string; name: string }[];
  readonly imageHashes: string[];
};

const viewColumns = `p.id, p.slug, p.title, p.description, p.archived, p.price_min AS price, p.currency,
  p.thumbnail_hash AS "thumbnailHash", p.rating_average AS "ratingAverage", p.rating_count AS "ratingCount",
  p.in_stock AS "inStock",
  (SELECT coalesce(json_agg(json_build_object('id', v.id, 'sku', v.sku, 'title', v.title, 'options', v.options,
                  'price', json_build_object('amount', v.price_amount, 'currency', v.currency), 'available', v.available)
                  ORDER BY v.position), '[]'::json)
     FROM (SELECT * FROM catalog.variants WHERE product_id = p.id ORDER BY position LIMIT ${productLimits.variantsMax}) v) AS variants,
  (SELECT coalesce(json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) ORDER BY pc.position), '[]'::json)
     FROM catalog.product_categories pc JOIN catalog.categories c ON c.id = pc.category_id
    WHERE pc.product_id = p.id) AS categories,
  (SELECT coalesce(json_agg(i.image_hash ORDER BY i.position), '[]'::json)
     FROM (SELECT * FROM catalog.product_images WHERE product_id = p.id ORDER BY position LIMIT ${productLimits.imagesMax}) i)
    AS "imageHashes"`;

/** By id or by slug; archived products too (callers that serve reads filter them). */
export async function productView(q: Queryable, by: 'id' | 'slug', value: string): Promise<ProductView | undefined> {
  const column = by === 'id' ? 'p.id' : 'p.slug';
  const { rows } = await q.query<ProductView>(`SELECT ${viewColumns} FROM catalog.products p WHERE ${column} = $1`, [
    value,
  ]);
  return rows[0];
}

/** Whether an active product has this id. */
export async function productActive(q: Queryable, id: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM catalog.products WHERE id = $1 AND NOT archived', [id]);
  return rows.length > 0;
}
