import { defineModule } from '@mercato/platform/module';
import type { CatalogApi } from './contract.ts';
import { listeners, subscriptions } from './handlers.ts';
import { catalogRoutes } from './http.ts';
import { createCatalogService } from './service.ts';
import { createReadCache } from './service/cache.ts';

export type CatalogConfig = {
  /** The one currency of the catalog's prices, e.g. 'USD'. */
  readonly currency: string;
  /** The in-process read cache: entries kept at most, and how long each lives. */
  readonly cache: { readonly entriesMax: number; readonly ttlMs: number };
};

export const catalogDefaults: CatalogConfig = Object.freeze({
  currency: 'USD',
  cache: Object.freeze({ entriesMax: 10_000, ttlMs: 60_000 }),
});

function checkConfig(config: Partial<CatalogConfig>): CatalogConfig {
  const merged = { ...catalogDefaults, ...config, cache: { ...catalogDefaults.cache, ...config.cache } };
  if (!/^[A-Z]{3}$/.test(merged.currency))
    throw new Error(`catalog.currency must be an ISO 4217 code: ${merged.currency}`);
  const { entriesMax, ttlMs } = merged.cache;
  if (!Number.isSafeInteger(entriesMax) || entriesMax < 1)
    throw new Error('catalog.cache.entriesMax must be a positive integer');
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new Error('catalog.cache.ttlMs must be a positive integer');
  return merged;
}

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
    const config = checkConfig(ctx.config as Partial<CatalogConfig>);
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
