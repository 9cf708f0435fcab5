import { defineModule } from '@mercato/platform/module';
import { parseInventoryConfig } from './config.ts';
import type { InventoryApi } from './contract.ts';
import { inventorySubscriptions } from './handlers.ts';
import { inventoryRoutes } from './http.ts';
import { inventoryJobs } from './jobs.ts';
import { createInventoryService, type InventoryDeps } from './service.ts';

export { type InventoryConfig, inventoryDefaults } from './config.ts';

/**
 * Inventory: stock per SKU and location, reservations per order with an expiry and a
 * sweeper, adjustments with a reason, and stock events. A leaf: it calls no other
 * module; it learns of new SKUs from the catalog's product events.
 */
export default defineModule<InventoryApi, unknown>({
  name: 'inventory',
  uses: [],
  migrations: new URL('../migrations/', import.meta.url),
  create(ctx) {
    const config = parseInventoryConfig(ctx.config);
    const deps: InventoryDeps = {
      db: ctx.db,
      outbox: ctx.outbox,
      audit: ctx.audit,
      clock: ctx.clock,
      ids: ctx.ids,
      logger: ctx.logger,
      config,
    };
    const api = createInventoryService(deps);
    const jobs = inventoryJobs(api, config, ctx.logger);
    return {
      api,
      routes: inventoryRoutes(api),
      subscriptions: inventorySubscriptions(deps),
      start: async () => jobs.start(),
      stop: () => jobs.stop(),
    };
  },
});
