import { defineModule, periodicJob } from '@mercato/platform/module';
import { parseInventoryConfig, type InventoryConfig } from './config.ts';
import type { InventoryApi } from './contract.ts';
import { subscriptions } from './handlers.ts';
import { inventoryRoutes } from './http.ts';
import { createInventoryService } from './service.ts';

export { type InventoryConfig, inventoryDefaults } from './config.ts';

/**
 * Inventory: stock per SKU and location, reservations per order with an expiry and a
 * sweeper, adjustments with a reason, and stock events. A leaf: it calls no other
 * module; it learns of new SKUs from the catalog's product events.
 */
export default defineModule<InventoryApi, InventoryConfig>({
  name: 'inventory',
  uses: [],
  migrations: new URL('../migrations/', import.meta.url),
  create(ctx) {
    // The host passes `{}` when the app configures nothing: defaults fill the gaps.
    const config = parseInventoryConfig(ctx.config);
    const service = createInventoryService({
      db: ctx.db,
      outbox: ctx.outbox,
      audit: ctx.audit,
      clock: ctx.clock,
      ids: ctx.ids,
      logger: ctx.logger,
      config,
    });
    const api: InventoryApi = {
      reserve: service.reserve,
      confirm: service.confirm,
      commit: service.commit,
      commitPart: service.commitPart,
      release: service.release,
      getReservation: service.getReservation,
      adjust: service.adjust,
      restock: service.restock,
      getLevels: service.getLevels,
      listLevels: service.listLevels,
      availability: service.availability,
      sweepExpired: service.sweepExpired,
    };
    const sweeper = periodicJob(
      'reservation sweep',
      () => service.sweepExpired(config.sweepBatchSize),
      config.sweepIntervalMs,
      ctx.logger,
    );
    return {
      api,
      routes: inventoryRoutes(api),
      subscriptions: subscriptions(service),
      start: async () => sweeper.start(),
      stop: () => sweeper.stop(),
    };
  },
});
