import type { Subscription } from '@mercato/platform/bus';
import { consumedEvents } from './contract.ts';
import type { NotificationsService } from './service.ts';

/**
 * Events notifications consumes, each through the inbox (once per event), each
 * consumer on its own so a failing one (say, a database hiccup on alerts) does not
 * hold back the others.
 */
export function subscriptions(service: NotificationsService): Subscription[] {
  return [
    {
      consumer: 'notifications.variants',
      types: [consumedEvents.productCreated, consumedEvents.productUpdated],
      handle: service.stock.productChanged,
    },
    {
      consumer: 'notifications.order_confirmation',
      types: [consumedEvents.orderPlaced],
      handle: service.orders.orderPlaced,
    },
    {
      consumer: 'notifications.order_shipped',
      types: [consumedEvents.orderFulfilled],
      handle: service.orders.orderFulfilled,
    },
    {
      consumer: 'notifications.order_refunded',
      types: [consumedEvents.orderRefunded],
      handle: service.orders.orderRefunded,
    },
    { consumer: 'notifications.back_in_stock', types: [consumedEvents.backInStock], handle: service.stock.backInStock },
    { consumer: 'notifications.low_stock', types: [consumedEvents.stockChanged], handle: service.stock.stockChanged },
  ];
}
