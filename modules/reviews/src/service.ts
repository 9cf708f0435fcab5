import type { ReviewsApi } from './contract.ts';
import type { ReviewsDeps } from './service/deps.ts';
import { createModerate } from './service/moderate.ts';
import { createPostReview } from './service/post.ts';
import { createReviewReads } from './service/read.ts';

export type { ReviewsDeps } from './service/deps.ts';

/** The reviews use cases, one file each under `service/`, put together as its API. */
export function createReviewsService(deps: ReviewsDeps): ReviewsApi {
  const reads = createReviewReads(deps);
  return {
    postReview: createPostReview(deps),
    listReviews: reads.listReviews,
    adminListReviews: reads.adminListReviews,
    hideReview: createModerate(deps, 'hide'),
    restoreReview: createModerate(deps, 'restore'),
  };
}
