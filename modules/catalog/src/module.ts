import { defineModule } from '@mercato/platform/module';
import { type CatalogConfig, parseCatalogConfig } from './config.ts';
import type { CatalogApi } from './contract.ts';
import { listeners, subscriptions } from './handlers.ts';
import { catalogRoutes } from './http.ts';
import { createCatalogService } from './service.ts';
import { createReadCache } from './service/cache.ts';

export { type CatalogConfig, catalogDefaults } from './config.ts';

/**
 * The catalog: products, variants, categories, images and prices, with typo-tolerant
 * faceted search. Its own read models of stock and ratings come from other modules'
 * events; it calls no other module.
 */
export default defineModule<CatalogApi, CatalogConfig>({
  name: 'catalog',
  uses: [],
  migrations: new URL('../migrations/', import.meta.url),
  create(ctx) {
    // The host passes `{}` when the app configures nothing: defaults fill the gaps.
    const config = parseCatalogConfig(ctx.config);
    const cache = createReadCache(config.cache, ctx.metrics);
    const service = createCatalogService({
      db: ctx.db,
      outbox: ctx.outbox,
      audit: ctx.audit,
      clock: ctx.clock,
      ids: ctx.ids,
      objects: ctx.objects,
      logger: ctx.logger,
      cache,
      currency: config.currency,
    });
    const api: CatalogApi = {
      listProducts: service.listProducts,
      getProduct: service.getProduct,
      listCategories: service.listCategories,
      getVariants: service.getVariants,
      createCategory: service.createCategory,
      createProduct: service.createProduct,
      updateProduct: service.updateProduct,
      archiveProduct: service.archiveProduct,
      addProductImage: service.addProductImage,
      importProducts: service.importProducts,
      countProducts: service.countProducts,
    };
    return {
      api,
      routes: catalogRoutes(api, ctx.objects),
      subscriptions: subscriptions(service),
      listeners: listeners(service),
    };
  },
});
