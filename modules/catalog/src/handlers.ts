import type { EventEnvelope, Listener, Subscription } from '@mercato/platform/bus';
import { catalogEvents, consumedEvents, type VariantAvailabilityChangedData } from './contract.ts';
import type { CatalogDeps } from './service/deps.ts';
import { createReadModels } from './service/read-models.ts';

/**
 * Events the catalog consumes, each through the inbox (once per event), into its read
 * models of other modules' facts.
 */
export function catalogSubscriptions(deps: CatalogDeps): Subscription[] {
  const readModels = createReadModels(deps);
  return [
    {
      consumer: 'catalog.stock_read_model',
      types: [consumedEvents.stockChanged],
      handle: readModels.stockChanged,
    },
    {
      consumer: 'catalog.rating_read_model',
      types: [consumedEvents.reviewPosted, consumedEvents.reviewHidden, consumedEvents.reviewRestored],
      handle: readModels.ratingChanged,
    },
  ];
}

/**
 * Cache invalidation, heard by every running instance. Only the catalog's own events
 * are listened to: they are relayed after their transaction commits, so a reload after
 * them sees the change. A stock change that leaves `inStock` as it was only touches
 * that product's page; everything else can change any list, facet or count.
 */
export function catalogListeners(deps: CatalogDeps): Listener[] {
  return [
    {
      types: Object.values(catalogEvents),
      handle(event: EventEnvelope) {
        if (event.type === catalogEvents.variantAvailabilityChanged) {
          const data = event.data as VariantAvailabilityChangedData;
          if (!data.inStockChanged) {
            deps.cache.invalidateProduct(data.productId, data.slug);
            return;
          }
        }
        deps.cache.invalidateAll();
      },
    },
  ];
}
