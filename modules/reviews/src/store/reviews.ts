import type { Queryable } from '@mercato/platform/db';
import type { ReviewStatus } from '../contract.ts';
import type { ReviewKeys } from '../domain/cursor.ts';

/** A review as its table holds it. */
export type ReviewRow = {
  readonly id: string;
  readonly productId: string;
  readonly customerId: string;
  readonly authorName: string;
  readonly rating: number;
  readonly title: string;
  readonly body: string;
  readonly verifiedPurchase: boolean;
  readonly status: ReviewStatus;
  readonly createdAt: Date;
  readonly moderatedAt: Date | null;
};

function columnsOf(alias: string): string {
  return `${alias}.id, ${alias}.product_id AS "productId", ${alias}.customer_id AS "customerId", ${alias}.author_name AS "authorName",
  ${alias}.rating, ${alias}.title, ${alias}.body, ${alias}.verified_purchase AS "verifiedPurchase", ${alias}.status,
  ${alias}.created_at AS "createdAt", ${alias}.moderated_at AS "moderatedAt"`;
}
const columns = columnsOf('r');

export type NewReviewRow = Omit<ReviewRow, 'verifiedPurchase' | 'status' | 'moderatedAt'>;

/**
 * Claims the customer's one review of the product and inserts it in one statement:
 * undefined when the customer had already reviewed it (the unique key, not a read
 * before the write, decides a race). `verified_purchase` comes from the delivered
 * purchases read model in the same statement.
 */
export async function insertReview(q: Queryable, review: NewReviewRow): Promise<ReviewRow | undefined> {
  const { rows } = await q.query<ReviewRow>(
    `INSERT INTO reviews.reviews AS r (id, product_id, customer_id, author_name, rating, title, body, verified_purchase, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7,
             EXISTS (SELECT 1 FROM reviews.delivered_purchases WHERE customer_id = $3 AND product_id = $2), $8)
     ON CONFLICT ON CONSTRAINT review_per_customer_and_product DO NOTHING
     RETURNING ${columns}`,
    [
      review.id,
      review.productId,
      review.customerId,
      review.authorName,
      review.rating,
      review.title,
      review.body,
      review.createdAt,
    ],
  );
  return rows[0];
}

/** A moderated review, with when it had last been moderated before this change. */
export type MovedReview = ReviewRow & { readonly previousModeratedAt: Date | null };

/**
 * Moves a review from `from` to `to` if it is in `from` now: undefined when it is not.
 * The row is locked and its status checked again after any concurrent change (read
 * committed re-evaluates `FOR UPDATE` rows), so of two racing moderations one moves it.
 */
export async function moveReview(
  q: Queryable,
  id: string,
  from: ReviewStatus,
  to: ReviewStatus,
  now: Date,
): Promise<MovedReview | undefined> {
  const { rows } = await q.query<MovedReview>(
    `WITH old AS (SELECT id, moderated_at FROM reviews.reviews WHERE id = $1 AND status = $2 FOR UPDATE)
     UPDATE reviews.reviews r SET status = $3, moderated_at = $4 FROM old WHERE r.id = old.id
     RETURNING ${columns}, old.moderated_at AS "previousModeratedAt"`,
    [id, from, to, now],
  );
  return rows[0];
}

export async function findReview(q: Queryable, id: string): Promise<ReviewRow | undefined> {
  const { rows } = await q.query<ReviewRow>(`SELECT ${columns} FROM reviews.reviews r WHERE id = $1`, [id]);
  return rows[0];
}

export type ReviewFilter = { readonly productId?: string; readonly status?: ReviewStatus };

/**
 * One page of reviews, newest first, after `after` (keyset): `limit + 1` rows, so the
 * caller knows whether another page follows.
 */
export async function listReviews(
  q: Queryable,
  filter: ReviewFilter,
  after: ReviewKeys | undefined,
  limit: number,
): Promise<ReviewRow[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.productId !== undefined) conditions.push(`product_id = ${add(filter.productId)}`);
  if (filter.status !== undefined) conditions.push(`status = ${add(filter.status)}`);
  if (after !== undefined) {
    conditions.push(
      `(created_at, id) < (${add(new Date(after.createdAtMs).toISOString())}::timestamptz, ${add(after.id)})`,
    );
  }
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const { rows } = await q.query<ReviewRow>(
    `SELECT ${columns} FROM reviews.reviews r ${where} ORDER BY created_at DESC, id DESC LIMIT ${add(limit + 1)}`,
    params,
  );
  return rows;
}

/** Marks the customer's reviews of these products as verified purchases (a delivery arrived after the review). */
export async function verifyReviews(q: Queryable, customerId: string, productIds: readonly string[]): Promise<number> {
  const { rowCount } = await q.query(
    `UPDATE reviews.reviews SET verified_purchase = true
      WHERE customer_id = $1 AND product_id = ANY($2::text[]) AND NOT verified_purchase`,
    [customerId, productIds],
  );
  return rowCount;
}
