import { assert, decodeCursor, encodeCursor, fail, limits, ok, type Result } from '@mercato/platform/kernel';
import { inventoryLimits, type ListLevelsInput, type StockLevel, type StockLevelPage } from '../contract.ts';
import { isSku } from '../domain/reservation.ts';
import * as store from '../store.ts';
import type { InventoryDeps } from './deps.ts';

/** The distinct well-formed SKUs of a read request (a malformed SKU simply has no stock). */
function skusOf(skus: readonly string[]): string[] {
  assert(skus.length <= inventoryLimits.skusPerReadMax, `at most ${inventoryLimits.skusPerReadMax} SKUs per read`);
  return [...new Set(skus.filter(isSku))];
}

export function createLevelReads(deps: InventoryDeps) {
  return {
    getLevels(skus: readonly string[]): Promise<StockLevel[]> {
      return store.levelsOfSkus(deps.db, skusOf(skus));
    },

    async listLevels(input: ListLevelsInput): Promise<Result<StockLevelPage, 'invalid_cursor'>> {
      const limit = Math.min(Math.max(input.limit ?? limits.pageSizeDefault, 1), limits.pageSizeMax);
      let after: [string, string] | undefined;
      if (input.cursor !== undefined) {
        const keys = decodeCursor(input.cursor);
        const [sku, locationId] = keys ?? [];
        if (keys?.length !== 2 || typeof sku !== 'string' || typeof locationId !== 'string') {
          return fail('invalid_cursor', 'The cursor is not one this list handed out.');
        }
        after = [sku, locationId];
      }
      if (input.sku !== undefined && !isSku(input.sku)) return ok({ items: [], nextCursor: null });
      const rows = await store.pageOfLevels(deps.db, { sku: input.sku, after, limit });
      const items = rows.slice(0, limit);
      const last = items.at(-1);
      const nextCursor = rows.length > limit && last !== undefined ? encodeCursor([last.sku, last.locationId]) : null;
      return ok({ items, nextCursor });
    },

    async availability(skus: readonly string[]): Promise<Record<string, number>> {
      const wanted = skusOf(skus);
      const totals = await store.totalsOfSkus(deps.db, wanted);
      const available: Record<string, number> = {};
      for (const sku of skus) {
        const total = totals.get(sku);
        available[sku] = total === undefined ? 0 : total.onHand - total.reserved;
      }
      return available;
    },
  };
}
