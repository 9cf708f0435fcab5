import { type NewReview, type ReviewStatus, reviewLimits } from '../contract.ts';

/**
 * What a schema cannot fully say about a new review, checked again for callers that do
 * not come through HTTP. Answers the reason, or undefined when the review is valid.
 */
export function invalidReview(input: NewReview): string | undefined {
  const { rating, title, body } = input;
  if (!Number.isInteger(rating) || rating < reviewLimits.ratingMin || rating > reviewLimits.ratingMax) {
    return `rating must be an integer from ${reviewLimits.ratingMin} to ${reviewLimits.ratingMax}`;
  }
  if (typeof title !== 'string' || title.trim().length === 0 || title.length > reviewLimits.titleLengthMax) {
    return `title must be 1 to ${reviewLimits.titleLengthMax} characters, not only spaces`;
  }
  if (typeof body !== 'string' || body.length > reviewLimits.bodyLengthMax) {
    return `body must be at most ${reviewLimits.bodyLengthMax} characters`;
  }
  return undefined;
}

export type Moderation = 'hide' | 'restore';

/**
 * The moderation state machine as a table: each action moves a review from one status
 * to the other, and answers its own code when the review is already where it would go.
 */
export const moderationTransitions = {
  hide: { from: 'visible', to: 'hidden', alreadyCode: 'review_already_hidden' },
  restore: { from: 'hidden', to: 'visible', alreadyCode: 'review_already_visible' },
} as const satisfies Record<Moderation, { from: ReviewStatus; to: ReviewStatus; alreadyCode: string }>;

/** How a status change moves the product's aggregate: +1 review when shown, −1 when hidden. */
export function countDelta(to: ReviewStatus): 1 | -1 {
  return to === 'visible' ? 1 : -1;
}
