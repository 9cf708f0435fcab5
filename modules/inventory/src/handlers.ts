import type { Subscription } from '@mercato/platform/bus';
import { consumedEvents } from './contract.ts';
import type { InventoryService } from './service.ts';

/** Events inventory consumes, each through the inbox (once per event). */
export function subscriptions(service: InventoryService): Subscription[] {
  return [
    {
      consumer: 'inventory.stock_openings',
      types: [consumedEvents.productCreated, consumedEvents.productUpdated],
      handle: service.catalog.productChanged,
    },
  ];
}
