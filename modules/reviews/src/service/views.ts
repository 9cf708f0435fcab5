import type { AdminReview, Review } from '../contract.ts';
import type { ReviewRow } from '../store.ts';

export function toReview(row: ReviewRow): Review {
  return {
    id: row.id,
    productId: row.productId,
    authorName: row.authorName,
    rating: row.rating,
    title: row.title,
    body: row.body,
    verifiedPurchase: row.verifiedPurchase,
    createdAt: row.createdAt.toISOString(),
  };
}

export function toAdminReview(row: ReviewRow): AdminReview {
  return {
    ...toReview(row),
    customerId: row.customerId,
    status: row.status,
    moderatedAt: row.moderatedAt === null ? null : row.moderatedAt.toISOString(),
  };
}
