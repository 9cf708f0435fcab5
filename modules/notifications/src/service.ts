import type { Registry } from 'prom-client';
import type { NotificationsApi } from './contract.ts';
import type { NotificationsDeps } from './service/deps.ts';
import { listMailbox } from './service/mailbox.ts';
import { orderHandlers } from './service/order-events.ts';
import { createSender } from './service/sender.ts';
import { stockHandlers } from './service/stock-events.ts';
import { subscribeBackInStock } from './service/subscribe.ts';

export type { NotificationsDeps } from './service/deps.ts';

/** The use cases of notifications: NotificationsApi, plus what its event handlers call. */
export type NotificationsService = NotificationsApi & {
  readonly orders: ReturnType<typeof orderHandlers>;
  readonly stock: ReturnType<typeof stockHandlers>;
};

export function createNotificationsService(deps: NotificationsDeps, registry: Registry): NotificationsService {
  const sender = createSender(deps, registry);
  return {
    subscribeBackInStock: subscribeBackInStock(deps),
    listMailbox: listMailbox(deps),
    sendDue: sender.sendDue,
    orders: orderHandlers(deps),
    stock: stockHandlers(deps),
  };
}
