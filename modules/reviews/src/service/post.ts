import { inResultTransaction } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type NewReview,
  type PostReviewCode,
  type Review,
  type ReviewPostedData,
  reviewLimits,
  reviewsEvents,
} from '../contract.ts';
import { productRating } from '../domain/rating.ts';
import { invalidReview } from '../domain/review.ts';
import * as store from '../store.ts';
import type { ReviewsDeps } from './deps.ts';
import { toReview } from './views.ts';

/**
 * Posts a review: the product must be active in the catalog and the author an account.
 * The review, the product's new aggregate and the event commit in one transaction; the
 * unique key on (customer, product) answers a second review, racing or not.
 */
export function createPostReview(deps: ReviewsDeps) {
  return async (customerId: string, productId: string, input: NewReview): Promise<Result<Review, PostReviewCode>> => {
    const invalid = invalidReview(input);
    if (invalid !== undefined) return fail('invalid_review', invalid);
    if (productId.length === 0 || productId.length > reviewLimits.idLengthMax)
      return fail('product_not_found', 'No product has this id.');
    const product = await deps.catalog.getProduct(productId);
    if (!product.ok) return fail('product_not_found', 'No product has this id.');
    const author = await deps.customers.getCustomer(customerId);
    if (!author.ok) return fail('unauthorized', 'The account of this access token no longer exists.');
    return inResultTransaction(deps.db, async (tx): Promise<Result<Review, PostReviewCode>> => {
      const row = await store.insertReview(tx, {
        id: deps.ids.next('rev'),
        productId: product.value.id,
        customerId,
        authorName: author.value.name,
        rating: input.rating,
        title: input.title,
        body: input.body,
        createdAt: deps.clock.now(),
      });
      if (row === undefined) return fail('already_reviewed', 'You have already reviewed this product.');
      const rating = await store.moveRating(tx, row.productId, 1, row.rating);
      const data: ReviewPostedData = {
        reviewId: row.id,
        productId: row.productId,
        customerId,
        authorName: row.authorName,
        rating: row.rating,
        title: row.title,
        verifiedPurchase: row.verifiedPurchase,
        createdAt: row.createdAt.toISOString(),
        productRating: productRating(rating),
      };
      await deps.outbox.append(tx, [{ type: reviewsEvents.reviewPosted, data }]);
      return ok(toReview(row));
    });
  };
}
