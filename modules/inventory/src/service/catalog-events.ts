import type { EventEnvelope } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { type ConsumedProductData, defaultLocationId, inventoryLimits } from '../contract.ts';
import { isSku } from '../domain/reservation.ts';
import { level, type SkuChange } from '../domain/stock.ts';
import * as store from '../store.ts';
import type { InventoryDeps } from './deps.ts';
import { appendStockEvents } from './events.ts';

/** Variants one product event may open (the catalog allows 100 per product). */
const openingsMax = 1000;

/** The SKUs and starting stock an event names; malformed variants are skipped. */
function openingsOf(data: unknown): store.Opening[] | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const { variants } = data as Partial<ConsumedProductData>;
  if (!Array.isArray(variants)) return undefined;
  const openings = new Map<string, number>();
  for (const variant of variants.slice(0, openingsMax)) {
    if (variant === null || typeof variant !== 'object' || !isSku(variant.sku)) continue;
    const stock = variant.initialStock ?? 0;
    if (!Number.isSafeInteger(stock) || stock < 0 || stock > inventoryLimits.adjustmentDeltaMax) continue;
    if (!openings.has(variant.sku)) openings.set(variant.sku, stock);
  }
  return [...openings].map(([sku, onHand]) => ({ sku, onHand }));
}

/**
 * `catalog.product_created` / `product_updated`, through the inbox: opens stock at the
 * default location for every SKU inventory does not know yet, with the variant's
 * `initialStock` (0 when absent). A SKU is opened once, ever: a redelivered event, or a
 * later snapshot of the same product, finds it known and changes nothing.
 */
export function catalogHandlers(deps: InventoryDeps) {
  return {
    async productChanged(event: EventEnvelope, tx: Tx): Promise<void> {
      const openings = openingsOf(event.data);
      if (openings === undefined) {
        deps.logger.warn({ eventId: event.id, type: event.type }, 'malformed product event dropped');
        return;
      }
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
