import type { CatalogApi } from '@mercato/catalog/contract';
import type { CustomersApi } from '@mercato/customers/contract';
import { defineModule } from '@mercato/platform/module';
import { parseReviewsConfig } from './config.ts';
import type { ReviewsApi } from './contract.ts';
import { reviewsSubscriptions } from './handlers.ts';
import { reviewsRoutes } from './http.ts';
import { createReviewsService, type ReviewsDeps } from './service.ts';

type Uses = { readonly catalog: CatalogApi; readonly customers: CustomersApi };

/**
 * Reviews: one per customer and product, flagged as verified purchases from a read
 * model of delivered orders, moderated by staff. Each change publishes the product's
 * rating aggregate at a new version, from which the catalog keeps its rating read
 * model. Calls the catalog (does the product exist) and customers (the author's name).
 * It needs no configuration.
 */
export default defineModule<ReviewsApi, unknown, Uses>({
  name: 'reviews',
  uses: ['catalog', 'customers'],
  migrations: new URL('../migrations/', import.meta.url),
  create(ctx) {
    // Nothing to configure; a section given anyway is refused rather than ignored.
    parseReviewsConfig(ctx.config);
    const deps: ReviewsDeps = {
      db: ctx.db,
      outbox: ctx.outbox,
      audit: ctx.audit,
      clock: ctx.clock,
      ids: ctx.ids,
      logger: ctx.logger,
      catalog: ctx.uses.catalog,
      customers: ctx.uses.customers,
    };
    const api = createReviewsService(deps);
    return { api, routes: reviewsRoutes(api), subscriptions: reviewsSubscriptions(deps) };
  },
});
