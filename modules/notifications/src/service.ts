import type { NotificationsApi } from './contract.ts';
import type { NotificationsDeps } from './service/deps.ts';
import { createListMailbox } from './service/mailbox.ts';
import { createSender } from './service/sender.ts';
import { createSubscribeBackInStock } from './service/subscribe.ts';

export type { NotificationsDeps } from './service/deps.ts';

/** The notifications use cases, one file each under `service/`, put together as its API. */
export function createNotificationsService(deps: NotificationsDeps): NotificationsApi {
  const sender = createSender(deps, deps.metrics);
  return {
    subscribeBackInStock: createSubscribeBackInStock(deps),
    listMailbox: createListMailbox(deps),
    sendDue: sender.sendDue,
  };
}
