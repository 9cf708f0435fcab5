import { inResultTransaction } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Actor,
  type AdminReview,
  type ReviewModeratedData,
  reviewLimits,
  reviewsAuditActions,
  reviewsEvents,
} from '../contract.ts';
import { productRating } from '../domain/rating.ts';
import { countDelta, type Moderation, moderationTransitions } from '../domain/review.ts';
import * as store from '../store.ts';
import type { ReviewsDeps } from './deps.ts';
import { toAdminReview } from './views.ts';

const eventOf = { hide: reviewsEvents.reviewHidden, restore: reviewsEvents.reviewRestored } as const;
const auditActionOf = { hide: reviewsAuditActions.hideReview, restore: reviewsAuditActions.restoreReview } as const;

type ModerationCode<M extends Moderation> = 'review_not_found' | (typeof moderationTransitions)[M]['alreadyCode'];

/**
 * Staff moderation: one conditional status update (the transition table says from and
 * to), the product's aggregate moved by that review, the audit record and the event,
 * in one transaction. A review already in the target status answers its code and
 * changes nothing.
 */
export function createModerate<M extends Moderation>(deps: ReviewsDeps, action: M) {
  const transition = moderationTransitions[action];
  return async (actor: Actor, reviewId: string): Promise<Result<AdminReview, ModerationCode<M>>> => {
    const notFound = fail('review_not_found', 'No review has this id.');
    if (reviewId.length === 0 || reviewId.length > reviewLimits.idLengthMax) return notFound;
    return inResultTransaction(deps.db, async (tx): Promise<Result<AdminReview, ModerationCode<M>>> => {
      const now = deps.clock.now();
      const moved = await store.moveReview(tx, reviewId, transition.from, transition.to, now);
      if (moved === undefined) {
        const current = await store.findReview(tx, reviewId);
        if (current === undefined) return notFound;
        return fail(transition.alreadyCode, `The review is already ${transition.to}.`);
      }
      const rating = await store.moveRating(tx, moved.productId, countDelta(transition.to), moved.rating);
      const after = toAdminReview(moved);
      // The conditional update succeeded, so before it the review was in `from`.
      const before = {
        ...after,
        status: transition.from,
        moderatedAt: moved.previousModeratedAt?.toISOString() ?? null,
      };
      await deps.audit.record(tx, {
        actor: actor.role === undefined ? { id: actor.id } : { id: actor.id, role: actor.role },
        action: auditActionOf[action],
        entityType: 'review',
        entityId: moved.id,
        before,
        after,
        ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
      });
      const data: ReviewModeratedData = {
        reviewId: moved.id,
        productId: moved.productId,
        rating: moved.rating,
        status: moved.status,
        productRating: productRating(rating),
      };
      await deps.outbox.append(tx, [{ type: eventOf[action], data }]);
      return ok(after);
    });
  };
}
