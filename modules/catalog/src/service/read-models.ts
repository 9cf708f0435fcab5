import type { EventEnvelope } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import {
  catalogEvents,
  type ProductRatingChangedData,
  type ReviewPostedData,
  type StockChangedData,
  type VariantAvailabilityChangedData,
} from '../contract.ts';
import { productLimits } from '../domain/product.ts';
import * as store from '../store.ts';
import type { CatalogDeps } from './deps.ts';

function stockData(data: unknown): StockChangedData | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { sku, available } = data as Record<string, unknown>;
  if (typeof sku !== 'string' || sku.length === 0 || sku.length > productLimits.skuLengthMax) return undefined;
  if (typeof available !== 'number' || !Number.isSafeInteger(available)) return undefined;
  return { sku, available };
}

function reviewData(data: unknown): ReviewPostedData | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { productId, rating } = data as Record<string, unknown>;
  if (typeof productId !== 'string' || productId.length === 0 || productId.length > 64) return undefined;
  if (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5) return undefined;
  return { productId, rating };
}

/**
 * The catalog's read models of stock and ratings, fed by the owners' events inside the
 * inbox transaction. A change is republished as a catalog event in the same transaction,
 * so cache listeners hear it only after it is committed. Malformed events are logged and
 * dropped (a redelivery would be just as malformed); unknown SKUs and products are not
 * the catalog's (yet) and are skipped.
 */
export function readModels(deps: CatalogDeps) {
  return {
    async stockChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = stockData(event.data);
      if (data === undefined) {
        deps.logger.warn({ eventId: event.id, type: event.type }, 'malformed stock event dropped');
        return;
      }
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

    async reviewPosted(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = reviewData(event.data);
      if (data === undefined) {
        deps.logger.warn({ eventId: event.id, type: event.type }, 'malformed review event dropped');
        return;
      }
      const applied = await store.addRating(tx, data.productId, data.rating);
      if (applied === undefined) return;
      const changed: ProductRatingChangedData = applied;
      await deps.outbox.append(tx, [{ type: catalogEvents.productRatingChanged, data: changed }]);
    },
  };
}
