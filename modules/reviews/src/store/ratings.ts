import type { Queryable } from '@mercato/platform/db';

/** A product's aggregate over its visible reviews, at a version. */
export type RatingRow = { readonly count: number; readonly sum: number; readonly version: number };

/**
 * Moves a product's aggregate by one review and bumps its version, in one statement
 * that locks the row: concurrent changes of one product queue on it, so every version
 * has exactly one aggregate.
 */
export async function moveRating(q: Queryable, productId: string, delta: 1 | -1, rating: number): Promise<RatingRow> {
  const { rows } = delta === 1 ? await addRating(q, productId, rating) : await removeRating(q, productId, rating);
  const row = rows[0];
  if (row === undefined) throw new Error(`the rating of ${productId} has no row to move`);
  return row;
}

/** The first review of a product creates its row at version 1. */
function addRating(q: Queryable, productId: string, rating: number) {
  return q.query<RatingRow>(
    `INSERT INTO reviews.product_ratings AS r (product_id, count, sum, version) VALUES ($1, 1, $2::int, 1)
     ON CONFLICT (product_id) DO UPDATE SET count = r.count + 1, sum = r.sum + EXCLUDED.sum, version = r.version + 1
     RETURNING count, sum, version`,
    [productId, rating],
  );
}

/** A plain update: the row exists since the review being removed was counted. */
function removeRating(q: Queryable, productId: string, rating: number) {
  return q.query<RatingRow>(
    `UPDATE reviews.product_ratings SET count = count - 1, sum = sum - $2::int, version = version + 1
      WHERE product_id = $1
      RETURNING count, sum, version`,
    [productId, rating],
  );
}

export async function findRating(q: Queryable, productId: string): Promise<RatingRow | undefined> {
  const { rows } = await q.query<RatingRow>(
    'SELECT count, sum, version FROM reviews.product_ratings WHERE product_id = $1',
    [productId],
  );
  return rows[0];
}
