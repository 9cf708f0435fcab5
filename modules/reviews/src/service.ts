import type { ReviewsApi } from './contract.ts';
import type { ReviewsDeps } from './service/deps.ts';
import { moderate } from './service/moderate.ts';
import { postReview } from './service/post.ts';
import { purchases } from './service/purchases.ts';
import { readService } from './service/read.ts';

export type { ReviewsDeps } from './service/deps.ts';

/** The reviews use cases: ReviewsApi, plus what its event handlers call. */
export type ReviewsService = ReviewsApi & { readonly purchases: ReturnType<typeof purchases> };

export function createReviewsService(deps: ReviewsDeps): ReviewsService {
  const reads = readService(deps);
  return {
    postReview: postReview(deps),
    listReviews: reads.listReviews,
    adminListReviews: reads.adminListReviews,
    hideReview: moderate(deps, 'hide'),
    restoreReview: moderate(deps, 'restore'),
    purchases: purchases(deps),
  };
}
