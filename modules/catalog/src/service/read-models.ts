import { type EventEnvelope, MalformedEventError, parseEventData } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import {
  catalogEvents,
  ConsumedRatingSchema,
  ConsumedStockSchema,
  type ProductRatingChangedData,
  type ReviewRatingData,
  type VariantAvailabilityChangedData,
} from '../contract.ts';
import * as store from '../store.ts';
import type { CatalogDeps } from './deps.ts';

/** Every rating is 1 to 5 (the same CHECK guards the table), so a sum outside count…5×count is impossible. */
function checkAggregate(event: EventEnvelope, data: ReviewRatingData): ReviewRatingData {
  const { count, sum } = data.productRating;
  if (sum < count || sum > 5 * count) {
    throw new MalformedEventError(event, 'data/productRating/sum must lie between count and 5 × count');
  }
  return data;
}

/**
 * The catalog's read models of stock and ratings, fed by the owners' events inside the
 * inbox transaction. A change is republished as a catalog event in the same transaction,
 * so cache listeners hear it only after it is committed. A malformed event fails (see
 * `parseEventData`) and changes nothing; unknown SKUs and products are not the
 * catalog's (yet) and are skipped.
 */
export function createReadModels(deps: CatalogDeps) {
  return {
    async stockChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = parseEventData(ConsumedStockSchema, event);
      // Inventory never reports negative availability; a negative value is treated as none left.
      const available = Math.max(data.available, 0);
      const applied = await store.applyStock(tx, data.sku, available, event.occurredAt);
      if (applied === undefined || !applied.changed) return;
      const changed: VariantAvailabilityChangedData = {
        productId: applied.productId,
        slug: applied.slug,
        sku: data.sku,
        available,
        inStockChanged: applied.inStockChanged,
      };
      await deps.outbox.append(tx, [{ type: catalogEvents.variantAvailabilityChanged, data: changed }]);
    },

    /**
     * Every reviews event (posted, hidden, restored) carries the product's whole
     * aggregate at a version; it replaces the stored one only when its version is
     * newer, so late, reordered and repeated events change nothing.
     */
    async ratingChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = checkAggregate(event, parseEventData(ConsumedRatingSchema, event));
      const applied = await store.applyRating(tx, data.productId, data.productRating);
      if (applied === undefined) return;
      const changed: ProductRatingChangedData = applied;
      await deps.outbox.append(tx, [{ type: catalogEvents.productRatingChanged, data: changed }]);
    },
  };
}
