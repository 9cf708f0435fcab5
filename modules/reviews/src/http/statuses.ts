import type { StatusTable } from '@mercato/platform/http';
import type { ReviewsCode } from '../contract.ts';

/** Every reviews failure code and its HTTP status; the compiler refuses a missing code. */
export const reviewsStatuses: StatusTable<ReviewsCode> = {
  product_not_found: 404,
  already_reviewed: 409,
  invalid_review: 400,
  unauthorized: 401,
  invalid_cursor: 400,
  review_not_found: 404,
  review_already_hidden: 409,
  review_already_visible: 409,
};
