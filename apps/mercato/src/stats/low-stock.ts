/**
 * The SKUs whose total available stock is at or below a threshold, kept in memory from
 * the inventory's own facts: one bounded scan of `listLevels` the first time it is
 * asked, then every `inventory.stock_changed` event (heard by a listener on each
 * instance). The inventory's API has no "lowest stock first" query, and paging every
 * level on each dashboard refresh would cost a query per 100 levels.
 */
import type { InventoryApi, StockChangedData } from '@mercato/inventory/contract';
import type { EventEnvelope } from '@mercato/platform/bus';

export type LowStockItem = {
  readonly sku: string;
  readonly available: number;
  readonly onHand: number;
  readonly reserved: number;
};

export type LowStockOptions = {
  /** A SKU is low at or below this many available units. */
  readonly threshold: number;
  /** Levels the first scan reads at most (100 per page); a larger inventory is known through events only. */
  readonly scanLevelsMax: number;
  /** SKUs kept at most; the lowest win. */
  readonly entriesMax: number;
};

export const lowStockDefaults: LowStockOptions = Object.freeze({
  threshold: 5,
  scanLevelsMax: 20_000,
  entriesMax: 1000,
});

type Entry = LowStockItem & { readonly at: number };

export function lowStockTracker(
  inventory: Pick<InventoryApi, 'listLevels'>,
  options: LowStockOptions = lowStockDefaults,
) {
  const entries = new Map<string, Entry>();
  /** SKUs an event told about: newer than anything the scan reads. */
  const heard = new Map<string, number>();
  let scan: Promise<void> | undefined;
  let complete = false;

  function record(item: LowStockItem, at: number): void {
    if (item.available > options.threshold) {
      entries.delete(item.sku);
      return;
    }
    entries.set(item.sku, { ...item, at });
    if (entries.size > options.entriesMax) {
      const highest = [...entries.values()].sort(byAvailable).at(-1);
      if (highest !== undefined) entries.delete(highest.sku);
    }
  }

  async function scanLevels(): Promise<void> {
    let cursor: string | undefined;
    let current: LowStockItem | undefined;
    const pagesMax = Math.ceil(options.scanLevelsMax / 100);
    for (let page = 0; page < pagesMax; page++) {
      const result = await inventory.listLevels({ limit: 100, ...(cursor === undefined ? {} : { cursor }) });
      if (!result.ok) throw new Error(`scanning stock levels failed: ${result.code}`);
      // Levels come sorted by SKU then location: a SKU's total is complete when the SKU changes.
      for (const level of result.value.items) {
        if (current !== undefined && current.sku !== level.sku) settle(current);
        current =
          current?.sku === level.sku
            ? {
                ...current,
                available: current.available + level.available,
                onHand: current.onHand + level.onHand,
                reserved: current.reserved + level.reserved,
              }
            : { sku: level.sku, available: level.available, onHand: level.onHand, reserved: level.reserved };
      }
      if (result.value.nextCursor === null) {
        if (current !== undefined) settle(current);
        complete = true;
        return;
      }
      cursor = result.value.nextCursor;
    }
    // Cut short: the last SKU may have more levels on the next page, so it is left to events.
  }

  function settle(item: LowStockItem): void {
    if (!heard.has(item.sku)) record(item, 0);
  }

  return {
    /** Applies an `inventory.stock_changed` event; older news than what is known is ignored. */
    hear(event: EventEnvelope): void {
      const data = event.data as Partial<StockChangedData> | null;
      if (data === null || typeof data !== 'object' || typeof data.sku !== 'string') return;
      const { sku, available, onHand, reserved } = data;
      if (![available, onHand, reserved].every((n) => Number.isSafeInteger(n))) return;
      const at = Date.parse(event.occurredAt);
      if ((heard.get(sku) ?? Number.NEGATIVE_INFINITY) > at) return;
      heard.set(sku, at);
      if (heard.size > options.entriesMax * 10) heard.delete(heard.keys().next().value as string);
      record({ sku, available: available as number, onHand: onHand as number, reserved: reserved as number }, at);
    },
    /** The lowest SKUs first (ties by SKU), at most `limit`. Scans once, on first use. */
    async list(limit: number): Promise<{ items: LowStockItem[]; complete: boolean }> {
      scan ??= scanLevels().catch((error: unknown) => {
        scan = undefined; // the next call tries again
        throw error;
      });
      await scan;
      const items = [...entries.values()]
        .sort(byAvailable)
        .slice(0, limit)
        .map(({ sku, available, onHand, reserved }) => ({ sku, available, onHand, reserved }));
      return { items, complete };
    },
  };
}

function byAvailable(a: LowStockItem, b: LowStockItem): number {
  return a.available - b.available || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0);
}

export type LowStockTracker = ReturnType<typeof lowStockTracker>;
