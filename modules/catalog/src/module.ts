import { defineModule } from '@mercato/platform/module';
import { parseCatalogConfig } from './config.ts';
import type { CatalogApi } from './contract.ts';
import { catalogListeners, catalogSubscriptions } from './handlers.ts';
import { catalogRoutes } from './http.ts';
import { type CatalogDeps, createCatalogService } from './service.ts';
import { createReadCache } from './service/cache.ts';

export { type CatalogConfig, catalogDefaults } from './config.ts';

/**
 * The catalog: products, variants, categories, images and prices, with typo-tolerant
 * faceted search. Its own read models of stock and ratings come from other modules'
 * events; it calls no other module.
 */
export default defineModule<CatalogApi, unknown>({
  name: 'catalog',
  uses: [],
  migrations: new URL('../migrations/', import.meta.url),
  create(ctx) {
    const config = parseCatalogConfig(ctx.config);
    const deps: CatalogDeps = {
      db: ctx.db,
      outbox: ctx.outbox,
      audit: ctx.audit,
      clock: ctx.clock,
      ids: ctx.ids,
      objects: ctx.objects,
      logger: ctx.logger,
      cache: createReadCache(config.cache, ctx.metrics),
      currency: config.currency,
    };
    const api = createCatalogService(deps);
    return {
      api,
      routes: catalogRoutes(api, ctx.objects),
      subscriptions: catalogSubscriptions(deps),
      listeners: catalogListeners(deps),
    };
  },
});
