import type { Queryable } from '@mercato/platform/db';
import type { StockLevel } from '../contract.ts';
import { level } from '../domain/stock.ts';

export type LevelPageQuery = {
  readonly sku: string | undefined;
  /** The last (sku, location) served, for keyset paging. */
  readonly after: readonly [string, string] | undefined;
  readonly limit: number;
};

/** One page of levels by (sku, location), the primary key's order; one row more tells whether another page follows. */
export async function pageOfLevels(q: Queryable, query: LevelPageQuery): Promise<StockLevel[]> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (query.sku !== undefined) {
    params.push(query.sku);
    conditions.push(`sku = $${params.length}`);
  }
  if (query.after !== undefined) {
    params.push(query.after[0], query.after[1]);
    conditions.push(`(sku, location_id) > ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit + 1);
  const where = conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
  const { rows } = await q.query<{ sku: string; location_id: string; on_hand: number; reserved: number }>(
    `SELECT sku, location_id, on_hand, reserved FROM inventory.stock_levels ${where}
      ORDER BY sku, location_id LIMIT $${params.length}`,
    params,
  );
  return rows.map((row) => level(row.sku, row.location_id, row.on_hand, row.reserved));
}
