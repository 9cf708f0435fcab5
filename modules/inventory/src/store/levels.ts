import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import { inventoryLimits, type StockLevel } from '../contract.ts';
import { level, type Totals } from '../domain/stock.ts';

/**
 * Stock levels and SKU totals. Lock order, everywhere: SKUs in code-point order; within
 * a SKU its levels in location order, then its totals row. Every writer here follows it,
 * so transactions that touch the same SKUs queue behind each other but never deadlock.
 */

type LevelRow = { sku: string; location_id: string; on_hand: number; reserved: number };

function toLevel(row: LevelRow): StockLevel {
  return level(row.sku, row.location_id, row.on_hand, row.reserved);
}

export type Reserved = { readonly level: StockLevel; readonly totals: Totals };

/**
 * The hot path of a reservation: ONE statement that takes `quantity` units at the
 * location with the most available, only if it still has them when the row lock is
 * granted (`on_hand - reserved >= quantity` is re-checked on the newest row version),
 * adds them to the SKU's totals and records the reservation line. No read precedes it,
 * and the row lock is held only for what is left of the transaction.
 * Undefined when no single location has enough (or the SKU is unknown).
 */
export async function reserveAtBestLocation(
  q: Queryable,
  orderId: string,
  sku: string,
  quantity: number,
  now: Date,
): Promise<Reserved | undefined> {
  const { rows } = await q.query<LevelRow & { total_on_hand: number; total_reserved: number }>(
    `WITH level AS (
       UPDATE inventory.stock_levels l SET reserved = l.reserved + $3, updated_at = $4
        WHERE l.sku = $2
          AND l.location_id = (SELECT c.location_id FROM inventory.stock_levels c WHERE c.sku = $2
                                ORDER BY c.on_hand - c.reserved DESC, c.location_id LIMIT 1)
          AND l.on_hand - l.reserved >= $3
       RETURNING l.sku, l.location_id, l.on_hand, l.reserved
     ), total AS (
       UPDATE inventory.skus s SET reserved = s.reserved + $3, updated_at = $4
         FROM level WHERE s.sku = level.sku
       RETURNING s.on_hand, s.reserved
     ), line AS (
       INSERT INTO inventory.reservation_lines (order_id, sku, location_id, quantity)
       SELECT $1, level.sku, level.location_id, $3 FROM level
     )
     SELECT level.sku, level.location_id, level.on_hand, level.reserved,
            total.on_hand AS total_on_hand, total.reserved AS total_reserved
       FROM level, total`,
    [orderId, sku, quantity, now],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  return { level: toLevel(row), totals: { onHand: row.total_on_hand, reserved: row.total_reserved } };
}

/** Every location's level of one SKU, by location (bounded: a SKU is stocked at few places). */
export async function levelsOfSku(q: Queryable, sku: string): Promise<StockLevel[]> {
  const { rows } = await q.query<LevelRow>(
    `SELECT sku, location_id, on_hand, reserved FROM inventory.stock_levels
      WHERE sku = $1 ORDER BY location_id LIMIT ${inventoryLimits.locationsPerSkuMax}`,
    [sku],
  );
  return rows.map(toLevel);
}

/**
 * Locks every level of one SKU in location order (code points, as the lock order of
 * this file is everywhere), and answers them:
 * the start of a reservation spread over locations. Only after this may the spread
 * plan from what it read; its conditional updates then cannot lose a race.
 */
export async function lockLevelsOfSku(q: Queryable, sku: string): Promise<StockLevel[]> {
  const { rows } = await q.query<LevelRow>(
    `SELECT sku, location_id, on_hand, reserved FROM inventory.stock_levels
      WHERE sku = $1 ORDER BY location_id COLLATE "C" LIMIT ${inventoryLimits.locationsPerSkuMax} FOR UPDATE`,
    [sku],
  );
  return rows.map(toLevel);
}

/** SKUs among `skus` stocked at more than one location. */
export async function multiLocationSkus(q: Queryable, skus: readonly string[]): Promise<string[]> {
  if (skus.length === 0) return [];
  const { rows } = await q.query<{ sku: string }>(
    `SELECT sku FROM inventory.stock_levels WHERE sku = ANY($1::text[])
      GROUP BY sku HAVING count(*) > 1 LIMIT ${skus.length}`,
    [skus],
  );
  return rows.map((row) => row.sku);
}

/** Levels of several SKUs, sorted by sku then location. */
export async function levelsOfSkus(q: Queryable, skus: readonly string[]): Promise<StockLevel[]> {
  if (skus.length === 0) return [];
  const limit = skus.length * inventoryLimits.locationsPerSkuMax;
  const { rows } = await q.query<LevelRow>(
    `SELECT sku, location_id, on_hand, reserved FROM inventory.stock_levels
      WHERE sku = ANY($1::text[]) ORDER BY sku, location_id LIMIT ${limit}`,
    [skus],
  );
  return rows.map(toLevel);
}

/** Totals of several SKUs; SKUs inventory does not know are absent from the map. */
export async function totalsOfSkus(q: Queryable, skus: readonly string[]): Promise<Map<string, Totals>> {
  if (skus.length === 0) return new Map();
  const { rows } = await q.query<{ sku: string; on_hand: number; reserved: number }>(
    `SELECT sku, on_hand, reserved FROM inventory.skus WHERE sku = ANY($1::text[]) LIMIT ${skus.length}`,
    [skus],
  );
  return new Map(rows.map((row) => [row.sku, { onHand: row.on_hand, reserved: row.reserved }]));
}

/** A change of one level; `condition` guards it so the CHECK constraint is never what stops it. */
export type LevelDelta = { readonly locationId: string; readonly onHandDelta: number; readonly reservedDelta: number };

/**
 * Moves one level only if the result stays valid (`reserved` within 0..`on_hand`):
 * a conditional update, so a concurrent change can make it fail but never go wrong.
 * Undefined when the level does not exist or the move would break the rule.
 */
export async function moveLevel(
  q: Queryable,
  sku: string,
  delta: LevelDelta,
  now: Date,
): Promise<StockLevel | undefined> {
  const { rows } = await q.query<LevelRow>(
    `UPDATE inventory.stock_levels SET on_hand = on_hand + $3, reserved = reserved + $4, updated_at = $5
      WHERE sku = $1 AND location_id = $2
        AND reserved + $4 >= 0 AND on_hand + $3 >= reserved + $4
      RETURNING sku, location_id, on_hand, reserved`,
    [sku, delta.locationId, delta.onHandDelta, delta.reservedDelta, now],
  );
  return rows[0] === undefined ? undefined : toLevel(rows[0]);
}

/** Adds to a SKU's totals, after its levels moved in this transaction (the lock order). */
export async function moveTotals(
  q: Queryable,
  sku: string,
  onHandDelta: number,
  reservedDelta: number,
  now: Date,
): Promise<Totals> {
  const { rows } = await q.query<{ on_hand: number; reserved: number }>(
    `UPDATE inventory.skus SET on_hand = on_hand + $2, reserved = reserved + $3, updated_at = $4
      WHERE sku = $1 RETURNING on_hand, reserved`,
    [sku, onHandDelta, reservedDelta, now],
  );
  const row = rows[0];
  assert(row !== undefined, `totals of ${sku} missing while its levels exist`);
  return { onHand: row.on_hand, reserved: row.reserved };
}

/** Opens a level at a location with `onHand` units (a positive adjustment at a new location). */
export async function openLevel(
  q: Queryable,
  sku: string,
  locationId: string,
  onHand: number,
  now: Date,
): Promise<StockLevel | undefined> {
  const { rows } = await q.query<LevelRow>(
    `INSERT INTO inventory.stock_levels (sku, location_id, on_hand, reserved, updated_at)
     VALUES ($1, $2, $3, 0, $4) ON CONFLICT (sku, location_id) DO NOTHING
     RETURNING sku, location_id, on_hand, reserved`,
    [sku, locationId, onHand, now],
  );
  return rows[0] === undefined ? undefined : toLevel(rows[0]);
}

export async function skuExists(q: Queryable, sku: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM inventory.skus WHERE sku = $1', [sku]);
  return rows.length > 0;
}

export async function locationExists(q: Queryable, locationId: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM inventory.locations WHERE id = $1', [locationId]);
  return rows.length > 0;
}

export type Opening = { readonly sku: string; readonly onHand: number };

/**
 * Opens SKUs at `locationId` with their first stock, once: SKUs inventory already knows
 * are left as they are (a repeated or late event can never add stock twice). Answers
 * the SKUs it opened.
 */
export async function openSkus(
  q: Queryable,
  openings: readonly Opening[],
  locationId: string,
  now: Date,
): Promise<Opening[]> {
  if (openings.length === 0) return [];
  const { rows } = await q.query<{ sku: string; on_hand: number }>(
    `WITH opened AS (
       INSERT INTO inventory.skus (sku, on_hand, reserved, created_at, updated_at)
       SELECT sku, on_hand, 0, $4, $4 FROM unnest($1::text[], $2::bigint[]) AS o(sku, on_hand)
       ON CONFLICT (sku) DO NOTHING
       RETURNING sku, on_hand
     ), levels AS (
       INSERT INTO inventory.stock_levels (sku, location_id, on_hand, reserved, updated_at)
       SELECT sku, $3, on_hand, 0, $4 FROM opened
     )
     SELECT sku, on_hand FROM opened`,
    [openings.map((opening) => opening.sku), openings.map((opening) => opening.onHand), locationId, now],
  );
  return rows.map((row) => ({ sku: row.sku, onHand: row.on_hand }));
}
