import type { EventEnvelope } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { type OrderDeliveredFields, reviewLimits } from '../contract.ts';
import * as store from '../store.ts';
import type { ReviewsDeps } from './deps.ts';

const isId = (value: unknown): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= reviewLimits.idLengthMax;

/** The fields read from `orders.order_delivered`, or undefined when the event is malformed. */
export function deliveredFields(data: unknown): OrderDeliveredFields | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { orderId, customerId, items } = data as Record<string, unknown>;
  if (!isId(orderId) || (customerId !== null && !isId(customerId)) || !Array.isArray(items)) return undefined;
  const productIds: string[] = [];
  for (const item of items) {
    const productId = (item as { productId?: unknown } | null)?.productId;
    if (!isId(productId)) return undefined;
    productIds.push(productId);
  }
  return { orderId, customerId, items: productIds.map((productId) => ({ productId })) };
}

/**
 * The delivered purchases read model, fed by the checkout's `orders.order_delivered`
 * inside the inbox transaction. A review posted before the delivery was handled (the
 * event lags, or the customer reviewed before it arrived) becomes verified now, so the
 * flag converges to "has a delivered order with the product". Guest orders have no
 * customer to verify; malformed events are logged and dropped.
 */
export function purchases(deps: ReviewsDeps) {
  return {
    async orderDelivered(event: EventEnvelope, tx: Tx): Promise<void> {
      const fields = deliveredFields(event.data);
      if (fields === undefined) {
        deps.logger.warn({ eventId: event.id, type: event.type }, 'malformed order_delivered event dropped');
        return;
      }
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
