import type { EventEnvelope } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import {
  catalogEvents,
  type ProductRatingChangedData,
  type ReviewRatingData,
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

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** The product's aggregate carried by every reviews event; undefined when malformed or impossible. */
function ratingData(data: unknown): ReviewRatingData | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { productId, productRating } = data as Record<string, unknown>;
  if (typeof productId !== 'string' || productId.length === 0 || productId.length > 64) return undefined;
  if (productRating === null || typeof productRating !== 'object') return undefined;
  const { count, sum, version } = productRating as Record<string, unknown>;
  if (!isCount(count) || !isCount(sum) || !isCount(version) || version === 0) return undefined;
  // Every rating is 1 to 5 (the same CHECK guards the table).
  if (sum < count || sum > 5 * count) return undefined;
  return { productId, productRating: { count, sum, version } };
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

    /**
     * Every reviews event (posted, hidden, restored) carries the product's whole
     * aggregate at a version; it replaces the stored one only when its version is
     * newer, so late, reordered and repeated events change nothing.
     */
    async ratingChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const data = ratingData(event.data);
      if (data === undefined) {
        deps.logger.warn({ eventId: event.id, type: event.type }, 'malformed review event dropped');
        return;
      }
      const applied = await store.applyRating(tx, data.productId, data.productRating);
      if (applied === undefined) return;
      const changed: ProductRatingChangedData = applied;
      await deps.outbox.append(tx, [{ type: catalogEvents.productRatingChanged, data: changed }]);
    },
  };
}
