import { fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type BackInStockSubscription,
  notificationsLimits,
  type SubscribeCode,
  type SubscribeInput,
} from '../contract.ts';
import { isEmail, normalizeEmail } from '../domain/email.ts';
import * as store from '../store.ts';
import type { NotificationsDeps } from './deps.ts';

/** Rate-limit keys stay bounded whatever the client sends. */
function addressKey(address: string): string {
  return `notifications:back_in_stock:${address.slice(0, 64)}`;
}

/**
 * `POST /api/back-in-stock`: a waiting subscription for a known variant. A repeat of a
 * waiting (variant, email) answers the same subscription without counting against any
 * limit. The caps are checked by reading counts first, so racing requests may pass a
 * cap by a few: they bound abuse, they are not a quota.
 */
export function createSubscribeBackInStock(deps: NotificationsDeps) {
  return async (input: SubscribeInput): Promise<Result<BackInStockSubscription, SubscribeCode>> => {
    const email = normalizeEmail(input.email);
    if (!isEmail(email)) return fail('invalid_email', 'This is not an email address.');
    const variant = await store.getVariant(deps.db, input.variantId);
    if (variant === undefined || variant.archived)
      return fail('variant_not_found', 'No such variant.', { variantId: input.variantId });
    const now = deps.clock.now();
    if (await store.isWaiting(deps.db, input.variantId, email)) {
      return ok(
        await store.insertSubscription(deps.db, { id: deps.ids.next('bis'), variantId: input.variantId, email, now }),
      );
    }
    const rule = deps.config.subscribeRateLimit;
    const decision = await deps.rateLimiter.consume(addressKey(input.address), rule.limit, rule.windowMs);
    if (!decision.allowed) {
      return fail('rate_limited', 'Too many subscriptions from this address; try again later.', {
        retryAfterSeconds: Math.max(1, Math.ceil(decision.retryAfterMs / 1000)),
      });
    }
    const counts = await store.countWaiting(
      deps.db,
      input.variantId,
      email,
      notificationsLimits.subscriptionsPerVariantMax,
    );
    if (counts.byEmail >= notificationsLimits.subscriptionsPerEmailMax) {
      return fail(
        'subscription_limit_reached',
        `An email may wait for at most ${notificationsLimits.subscriptionsPerEmailMax} variants.`,
      );
    }
    if (counts.byVariant >= notificationsLimits.subscriptionsPerVariantMax) {
      return fail('subscription_limit_reached', 'This variant has too many waiting subscribers.');
    }
    return ok(
      await store.insertSubscription(deps.db, { id: deps.ids.next('bis'), variantId: input.variantId, email, now }),
    );
  };
}
