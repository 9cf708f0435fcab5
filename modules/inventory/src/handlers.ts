import type { Subscription } from '@mercato/platform/bus';
import { consumedEvents } from './contract.ts';
import { createCatalogHandlers } from './service/catalog-events.ts';
import type { InventoryDeps } from './service/deps.ts';

/** Events inventory consumes, each through the inbox (once per event). */
export function inventorySubscriptions(deps: InventoryDeps): Subscription[] {
  const catalog = createCatalogHandlers(deps);
  return [
    {
      consumer: 'inventory.stock_openings',
      types: [consumedEvents.productCreated, consumedEvents.productUpdated],
      handle: catalog.productChanged,
    },
  ];
}
