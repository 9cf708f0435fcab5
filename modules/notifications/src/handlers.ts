import type { Subscription } from '@mercato/platform/bus';
import { consumedEvents } from './contract.ts';
import type { NotificationsDeps } from './service/deps.ts';
import { createOrderHandlers } from './service/order-events.ts';
import { createStockHandlers } from './service/stock-events.ts';

/**
 * Events notifications consumes, each through the inbox (once per event), each
 * consumer on its own so a failing one (say, a database hiccup on alerts) does not
 * hold back the others.
 */
export function notificationsSubscriptions(deps: NotificationsDeps): Subscription[] {
  const orders = createOrderHandlers(deps);
  const stock = createStockHandlers(deps);
  return [
    {
      consumer: 'notifications.variants',
      types: [consumedEvents.productCreated, consumedEvents.productUpdated],
      handle: stock.productChanged,
    },
    {
      consumer: 'notifications.order_confirmation',
      types: [consumedEvents.orderPlaced],
      handle: orders.orderPlaced,
    },
    {
      consumer: 'notifications.order_shipped',
      types: [consumedEvents.orderFulfilled],
      handle: orders.orderFulfilled,
    },
    {
      consumer: 'notifications.order_refunded',
      types: [consumedEvents.orderRefunded],
      handle: orders.orderRefunded,
    },
    { consumer: 'notifications.back_in_stock', types: [consumedEvents.backInStock], handle: stock.backInStock },
    { consumer: 'notifications.low_stock', types: [consumedEvents.stockChanged], handle: stock.stockChanged },
  ];
}
