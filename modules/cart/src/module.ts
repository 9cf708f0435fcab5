import type { CatalogApi } from '@mercato/catalog/contract';
import type { InventoryApi } from '@mercato/inventory/contract';
import { defineModule } from '@mercato/platform/module';
import { parseCartConfig } from './config.ts';
import type { CartApi } from './contract.ts';
import { cartRoutes } from './http.ts';
import { cartJobs } from './jobs.ts';
import { type CartDeps, createCartService } from './service.ts';

export { type CartConfig, cartDefaults } from './config.ts';

type Uses = { readonly catalog: CatalogApi; readonly inventory: InventoryApi };

/**
 * Carts: lines of catalog variants at the price quoted when they were added, totals
 * computed by the server, ownership (anonymous or a customer's), merge at login, and
 * the freeze that checkout places on a cart. Calls the catalog (quotes) and inventory
 * (availability) through their contracts.
 */
export default defineModule<CartApi, unknown, Uses>({
  name: 'cart',
  uses: ['catalog', 'inventory'],
  migrations: new URL('../migrations/', import.meta.url),
  create(ctx) {
    const config = parseCartConfig(ctx.config);
    const deps: CartDeps = {
      db: ctx.db,
      outbox: ctx.outbox,
      audit: ctx.audit,
      clock: ctx.clock,
      ids: ctx.ids,
      logger: ctx.logger,
      config,
      catalog: ctx.uses.catalog,
      inventory: ctx.uses.inventory,
    };
    const api = createCartService(deps);
    const jobs = cartJobs(api, config, ctx.logger);
    return {
      api,
      routes: cartRoutes(api),
      start: async () => jobs.start(),
      stop: () => jobs.stop(),
    };
  },
});
