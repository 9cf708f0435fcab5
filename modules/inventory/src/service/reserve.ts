import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import type { Reservation, ReservationLine, ReserveCode, ReserveInput, ReserveLine, StockLevel } from '../contract.ts';
import { isOrderId, normalizeLines, planSpread } from '../domain/reservation.ts';
import type { SkuChange, Totals } from '../domain/stock.ts';
import * as store from '../store.ts';
import { type InventoryDeps, StockContention, transactionOptions } from './deps.ts';
import { appendStockEvents } from './events.ts';

const ttlMsMax = 7 * 24 * 60 * 60_000;

type LineOutcome =
  | { readonly ok: true; readonly change: SkuChange; readonly lines: ReservationLine[] }
  | { readonly ok: false; readonly unknown: boolean; readonly available: number };

/**
 * The hot path failed, yet the locations together hold enough: the line must spread.
 * The failed conditional update may still hold a row lock out of location order (an
 * update that waited for a row and then found too little keeps its lock), so the
 * transaction rolls back and runs again with this SKU spread from the start.
 */
class NeedsSpread extends StockContention {
  override name = 'NeedsSpread';
}

function reservedLine(
  sku: string,
  quantity: number,
  totals: Totals,
  levels: StockLevel[],
  lines: ReservationLine[],
): LineOutcome {
  return { ok: true, change: { sku, totals, availableDelta: -quantity, locations: levels }, lines };
}

/**
 * A line spread over locations: lock the SKU's levels in location order, plan from them
 * (most available first), then apply each take as a conditional update that, under the
 * lock, cannot lose a race. Only orders that need several locations pay for the lock.
 */
async function reserveSpread(tx: Tx, orderId: string, line: ReserveLine, now: Date): Promise<LineOutcome> {
  const { sku, quantity } = line;
  const levels = await store.lockLevelsOfSku(tx, sku);
  if (levels.length === 0) return { ok: false, unknown: true, available: 0 };
  const plan = planSpread(levels, quantity);
  if (plan === undefined)
    return { ok: false, unknown: false, available: levels.reduce((sum, level) => sum + level.available, 0) };
  const moved: StockLevel[] = [];
  for (const take of plan) {
    const level = await store.moveLevel(
      tx,
      sku,
      { locationId: take.locationId, onHandDelta: 0, reservedDelta: take.quantity },
      now,
    );
    assert(level !== undefined, `locked level ${sku}@${take.locationId} changed under its lock`);
    moved.push(level);
  }
  const totals = await store.moveTotals(tx, sku, 0, quantity, now);
  const lines = plan.map((take) => ({ sku, locationId: take.locationId, quantity: take.quantity }));
  await store.insertLines(tx, orderId, lines);
  return reservedLine(sku, quantity, totals, moved, lines);
}

/**
 * One line on the hot path: the single conditional update at the best location. When
 * it fails, a plain read tells why: an unknown SKU, too little stock in total (the
 * answer), or enough only across locations (run again, spreading).
 */
async function reserveAtOne(tx: Tx, orderId: string, line: ReserveLine, now: Date): Promise<LineOutcome> {
  const { sku, quantity } = line;
  const single = await store.reserveAtBestLocation(tx, orderId, sku, quantity, now);
  if (single !== undefined) {
    return reservedLine(
      sku,
      quantity,
      single.totals,
      [single.level],
      [{ sku, locationId: single.level.locationId, quantity }],
    );
  }
  const levels = await store.levelsOfSku(tx, sku);
  const available = levels.reduce((sum, level) => sum + level.available, 0);
  if (levels.length === 0) return { ok: false, unknown: true, available: 0 };
  if (available < quantity) return { ok: false, unknown: false, available };
  throw new NeedsSpread(`${sku} needs a spread over locations`);
}

/**
 * The failure of a reservation: every line that cannot be had, the failed one and those
 * after it (read, not reserved: the transaction rolls back anyway). Unknown SKUs come
 * first, because no amount of waiting makes them reservable.
 */
async function failure(
  tx: Tx,
  failed: ReserveLine,
  outcome: { unknown: boolean; available: number },
  rest: readonly ReserveLine[],
): Promise<Result<never, ReserveCode>> {
  const totals = await store.totalsOfSkus(
    tx,
    rest.map((line) => line.sku),
  );
  const unknown = outcome.unknown ? [failed.sku] : [];
  const items = outcome.unknown ? [] : [{ sku: failed.sku, requested: failed.quantity, available: outcome.available }];
  for (const line of rest) {
    const total = totals.get(line.sku);
    if (total === undefined) unknown.push(line.sku);
    else if (total.onHand - total.reserved < line.quantity) {
      items.push({ sku: line.sku, requested: line.quantity, available: total.onHand - total.reserved });
    }
  }
  if (unknown.length > 0) return fail('unknown_sku', 'Inventory has no stock record of some SKUs.', { skus: unknown });
  return fail('insufficient_stock', 'Not enough stock for some items.', { items });
}

/**
 * A line, by the hot path or spread. When it turns out to need a spread, every later
 * multi-location SKU of the order is spread too on the next attempt, so an order needs
 * at most one extra attempt however many of its lines spread.
 */
async function reserveOne(
  tx: Tx,
  orderId: string,
  line: ReserveLine,
  spread: Set<string>,
  rest: readonly ReserveLine[],
  now: Date,
): Promise<LineOutcome> {
  if (spread.has(line.sku)) return reserveSpread(tx, orderId, line, now);
  try {
    return await reserveAtOne(tx, orderId, line, now);
  } catch (error) {
    if (!(error instanceof NeedsSpread)) throw error;
    spread.add(line.sku);
    for (const sku of await store.multiLocationSkus(
      tx,
      rest.map((other) => other.sku),
    ))
      spread.add(sku);
    throw error;
  }
}

/** The answer to a reserve for an order that already has a reservation: the first outcome. */
async function existing(tx: Tx, orderId: string): Promise<Result<Reservation, ReserveCode>> {
  const current = await store.findReservation(tx, orderId);
  assert(current !== undefined, `reservation ${orderId} vanished after its claim conflicted`);
  if (current.status === 'released') return fail('reservation_released', 'This order’s reservation was released.');
  return ok(current);
}

export function createReserve(deps: InventoryDeps) {
  return async (input: ReserveInput): Promise<Result<Reservation, ReserveCode>> => {
    assert(isOrderId(input.orderId), `invalid order id: ${JSON.stringify(input.orderId)}`);
    const lines = normalizeLines(input.lines);
    assert(typeof lines !== 'string', `invalid reservation lines: ${String(lines)}`);
    const ttlMs = input.ttlMs ?? deps.config.reservationTtlMs;
    assert(Number.isSafeInteger(ttlMs) && ttlMs >= 1 && ttlMs <= ttlMsMax, `reservation ttlMs out of range: ${ttlMs}`);
    const { orderId } = input;
    // SKUs to spread from the start, learnt by an attempt that had to roll back.
    const spread = new Set<string>();
    return inResultTransaction(
      deps.db,
      async (tx) => {
        const now = deps.clock.now();
        const expiresAt = new Date(now.getTime() + ttlMs);
        if (!(await store.claimReservation(tx, orderId, 'active', expiresAt, now))) return existing(tx, orderId);
        const changes: SkuChange[] = [];
        const reserved: ReservationLine[] = [];
        for (const [index, line] of lines.entries()) {
          const outcome = await reserveOne(tx, orderId, line, spread, lines.slice(index + 1), now);
          if (!outcome.ok) return failure(tx, line, outcome, lines.slice(index + 1));
          changes.push(outcome.change);
          reserved.push(...outcome.lines);
        }
        await appendStockEvents(deps.outbox, tx, changes);
        return ok({
          orderId,
          status: 'active',
          lines: reserved,
          expiresAt: expiresAt.toISOString(),
          createdAt: now.toISOString(),
        });
      },
      transactionOptions,
    );
  };
}
