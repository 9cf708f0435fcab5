import type { Subscription } from '@mercato/platform/bus';
import { consumedEvents } from './contract.ts';
import type { ReviewsDeps } from './service/deps.ts';
import { createPurchases } from './service/purchases.ts';

/** Events the reviews module consumes, each through the inbox (once per event). */
export function reviewsSubscriptions(deps: ReviewsDeps): Subscription[] {
  const purchases = createPurchases(deps);
  return [
    {
      consumer: 'reviews.delivered_purchases',
      types: [consumedEvents.orderDelivered],
      handle: purchases.orderDelivered,
    },
  ];
}
