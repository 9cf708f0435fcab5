import { type EventEnvelope, parseEventData } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { type ConsumedProductData, ConsumedProductSchema, defaultLocationId } from '../contract.ts';
import { level, type SkuChange } from '../domain/stock.ts';
import * as store from '../store.ts';
import type { InventoryDeps } from './deps.ts';
import { appendStockEvents } from './events.ts';

/** The SKUs and starting stock an event names, each once (the first mention counts). */
function openingsOf(data: ConsumedProductData): store.Opening[] {
  const openings = new Map<string, number>();
  for (const variant of data.variants) {
    if (!openings.has(variant.sku)) openings.set(variant.sku, variant.initialStock ?? 0);
  }
  return [...openings].map(([sku, onHand]) => ({ sku, onHand }));
}

/**
 * `catalog.product_created` / `product_updated`, through the inbox: opens stock at the
 * default location for every SKU inventory does not know yet, with the variant's
 * `initialStock` (0 when absent). A SKU is opened once, ever: a redelivered event, or a
 * later snapshot of the same product, finds it known and changes nothing. A malformed
 * event fails whole (see `parseEventData`): no variant of it is opened.
 */
export function createCatalogHandlers(deps: InventoryDeps) {
  return {
    async productChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const openings = openingsOf(parseEventData(ConsumedProductSchema, event));
      const now = deps.clock.now();
      const opened = await store.openSkus(tx, openings, defaultLocationId, now);
      const stocked = opened.filter((opening) => opening.onHand > 0);
      const actorId = `event:${event.type}`;
      await store.insertAdjustments(
        tx,
        stocked.map((opening) => ({
          id: deps.ids.next('adj'),
          sku: opening.sku,
          locationId: defaultLocationId,
          delta: opening.onHand,
          reason: 'initial stock',
          actorId,
        })),
        now,
      );
      const changes: SkuChange[] = opened.map((opening) => ({
        sku: opening.sku,
        totals: { onHand: opening.onHand, reserved: 0 },
        availableDelta: opening.onHand,
        locations: [level(opening.sku, defaultLocationId, opening.onHand, 0)],
        opened: true,
      }));
      await appendStockEvents(deps.outbox, tx, changes);
    },
  };
}
