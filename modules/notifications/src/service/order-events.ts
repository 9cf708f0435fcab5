import { type EventEnvelope, parseEventData } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import {
  ConsumedOrderFulfilledSchema,
  ConsumedOrderPlacedSchema,
  ConsumedOrderRefundedSchema,
  type ConsumedOrderPlacedData,
  notificationsLimits,
} from '../contract.ts';
import { isEmail, normalizeEmail } from '../domain/email.ts';
import { orderConfirmation, orderRefunded, orderShipped } from '../domain/templates/index.ts';
import * as store from '../store.ts';
import type { NotificationsDeps } from './deps.ts';
import { titleOf } from './event-data.ts';
import { newMessage } from './messages.ts';

/** The recipient of an order's messages, or undefined (logged) when it cannot be one. */
function recipientOf(deps: NotificationsDeps, event: EventEnvelope, raw: string): string | undefined {
  const email = normalizeEmail(raw);
  if (isEmail(email)) return email;
  deps.logger.warn({ eventId: event.id, type: event.type }, 'order email is not a single address; no message written');
  return undefined;
}

async function confirmationLines(tx: Tx, data: ConsumedOrderPlacedData) {
  const shown = data.items.slice(0, notificationsLimits.orderLinesShownMax);
  const variants = await store.variantsByIds(tx, [...new Set(shown.map((item) => item.variantId))]);
  return shown.map((item) => {
    const variant = variants.get(item.variantId);
    const title = variant === undefined ? item.sku : titleOf(variant.productTitle, variant.variantTitle);
    return { title, sku: item.sku, quantity: item.quantity, unitPrice: item.unitPrice };
  });
}

/**
 * Order events, each handled in the transaction of its inbox row: the message (and any
 * read-model row) commits with it or not at all.
 */
export function createOrderHandlers(deps: NotificationsDeps) {
  const shopName = deps.config.shopName;
  return {
    /** checkout.order_placed: remember who ordered (refunds carry no email), confirm the order. */
    async orderPlaced(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedOrderPlacedSchema, event);
      const email = recipientOf(deps, event, data.email);
      if (email === undefined) return;
      await store.rememberOrder(tx, { orderId: data.orderId, number: data.number, email }, new Date(event.occurredAt));
      const items = await confirmationLines(tx, data);
      const rendered = orderConfirmation({
        shopName,
        number: data.number,
        items,
        moreItems: data.items.length - items.length,
        total: data.total,
      });
      await store.insertMessages(
        tx,
        [newMessage(deps, 'order_confirmation', event.id, email, rendered)],
        deps.clock.now(),
      );
    },

    /** orders.order_fulfilled: tell the buyer the carrier and tracking number. */
    async orderFulfilled(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedOrderFulfilledSchema, event);
      const email = recipientOf(deps, event, data.email);
      if (email === undefined) return;
      const rendered = orderShipped({
        shopName,
        number: data.number,
        carrier: data.carrier,
        trackingNumber: data.trackingNumber,
      });
      await store.insertMessages(tx, [newMessage(deps, 'order_shipped', event.id, email, rendered)], deps.clock.now());
    },

    /**
     * orders.order_refunded carries no email: it comes from the order read model. An order
     * unknown here was placed before this module saw events (order_placed precedes any
     * refund in checkout's outbox), so there is nobody to write to: logged and skipped.
     */
    async orderRefunded(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedOrderRefundedSchema, event);
      const order = await store.getOrder(tx, data.orderId);
      if (order === undefined) {
        deps.logger.warn(
          { eventId: event.id, orderId: data.orderId },
          'refund of an order notifications never saw placed; no message written',
        );
        return;
      }
      const rendered = orderRefunded({ shopName, number: data.number, amount: data.amount, refunded: data.refunded });
      await store.insertMessages(
        tx,
        [newMessage(deps, 'order_refunded', event.id, order.email, rendered)],
        deps.clock.now(),
      );
    },
  };
}
