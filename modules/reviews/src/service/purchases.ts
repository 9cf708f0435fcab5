import { type EventEnvelope, parseEventData } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { ConsumedOrderDeliveredSchema, reviewLimits } from '../contract.ts';
import * as store from '../store.ts';
import type { ReviewsDeps } from './deps.ts';

/**
 * The delivered purchases read model, fed by the checkout's `orders.order_delivered`
 * inside the inbox transaction. A review posted before the delivery was handled (the
 * event lags, or the customer reviewed before it arrived) becomes verified now, so the
 * flag converges to "has a delivered order with the product". Guest orders have no
 * customer to verify; a malformed event fails (see `parseEventData`) and changes nothing.
 */
export function createPurchases(deps: ReviewsDeps) {
  return {
    async orderDelivered(event: EventEnvelope, tx: Tx): Promise<void> {
      const fields = parseEventData(ConsumedOrderDeliveredSchema, event);
      if (fields.customerId === null) return;
      const productIds = [...new Set(fields.items.map((item) => item.productId))];
      if (productIds.length === 0) return;
      if (productIds.length > reviewLimits.deliveredProductsMax) {
        deps.logger.warn(
          { eventId: event.id, products: productIds.length },
          'order_delivered names too many products; dropped',
        );
        return;
      }
      await store.recordDelivered(tx, fields.customerId, productIds, fields.orderId, event.occurredAt);
      await store.verifyReviews(tx, fields.customerId, productIds);
    },
  };
}
