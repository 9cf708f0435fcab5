import type { Subscription } from '@mercato/platform/bus';
import { consumedEvents } from './contract.ts';
import type { ReviewsService } from './service.ts';

/** Events the reviews module consumes, each through the inbox (once per event). */
export function subscriptions(service: ReviewsService): Subscription[] {
  return [
    {
      consumer: 'reviews.delivered_purchases',
      types: [consumedEvents.orderDelivered],
      handle: service.purchases.orderDelivered,
    },
  ];
}
