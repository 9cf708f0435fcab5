import type { EventEnvelope, Listener, Subscription } from '@mercato/platform/bus';
import { catalogEvents, consumedEvents, type VariantAvailabilityChangedData } from './contract.ts';
import type { CatalogService } from './service.ts';

/**
 * Events the catalog consumes, each through the inbox (once per event), into its read
 * models of other modules' facts.
 */
export function subscriptions(service: CatalogService): Subscription[] {
  return [
    {
      consumer: 'catalog.stock_read_model',
      types: [consumedEvents.stockChanged],
      handle: service.readModels.stockChanged,
    },
    {
      consumer: 'catalog.rating_read_model',
      types: [consumedEvents.reviewPosted, consumedEvents.reviewHidden, consumedEvents.reviewRestored],
      handle: service.readModels.ratingChanged,
    },
  ];
}

/**
 * Cache invalidation, heard by every running instance. Only the catalog's own events
 * are listened to: they are relayed after their transaction commits, so a reload after
 * them sees the change. A stock change that leaves `inStock` as it was only touches
 * that product's page; everything else can change any list, facet or count.
 */
export function listeners(service: CatalogService): Listener[] {
  return [
    {
      types: Object.values(catalogEvents),
      handle(event: EventEnvelope) {
        if (event.type === catalogEvents.variantAvailabilityChanged) {
          const data = event.data as VariantAvailabilityChangedData;
          if (!data.inStockChanged) {
            service.cache.invalidateProduct(data.productId, data.slug);
            return;
          }
        }
        service.cache.invalidateAll();
      },
    },
  ];
}
