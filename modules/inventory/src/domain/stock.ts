import type { NewEvent } from '@mercato/platform/bus';
import {
  type BackInStockData,
  inventoryEvents,
  type OutOfStockData,
  type StockChangedData,
  type StockLevel,
} from '../contract.ts';

/** A SKU's totals over every location. */
export type Totals = { readonly onHand: number; readonly reserved: number };

/** What one transaction did to one SKU: its totals after, and how its availability moved. */
export type SkuChange = {
  readonly sku: string;
  readonly totals: Totals;
  /** Change of the total available (`onHand − reserved`) made by this transaction. */
  readonly availableDelta: number;
  /** The levels this transaction changed, after the change, sorted by location. */
  readonly locations: readonly StockLevel[];
  /** A SKU's first stock is an opening, not a return to stock. */
  readonly opened?: boolean;
};

export function level(sku: string, locationId: string, onHand: number, reserved: number): StockLevel {
  return { sku, locationId, onHand, reserved, available: onHand - reserved };
}

/**
 * The events one change of a SKU publishes: always `stock_changed` with the totals, and
 * `out_of_stock` / `back_in_stock` when the total available crosses zero.
 */
export function stockEvents(change: SkuChange): NewEvent[] {
  const available = change.totals.onHand - change.totals.reserved;
  const before = available - change.availableDelta;
  const first = change.locations[0];
  const changed: StockChangedData = {
    sku: change.sku,
    available,
    onHand: change.totals.onHand,
    reserved: change.totals.reserved,
    locationId: first === undefined ? '' : first.locationId,
    locations: [...change.locations],
  };
  const events: NewEvent[] = [{ type: inventoryEvents.stockChanged, data: changed }];
  if (before > 0 && available === 0) {
    const data: OutOfStockData = { sku: change.sku };
    events.push({ type: inventoryEvents.outOfStock, data });
  } else if (before === 0 && available > 0 && change.opened !== true) {
    const data: BackInStockData = { sku: change.sku, available };
    events.push({ type: inventoryEvents.backInStock, data });
  }
  return events;
}
