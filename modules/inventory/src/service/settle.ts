import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  inventoryLimits,
  type Reservation,
  type ReservationCode,
  type ReservationLine,
  type StockLevel,
} from '../contract.ts';
import { compareText, isOrderId } from '../domain/reservation.ts';
import type { SkuChange } from '../domain/stock.ts';
import * as store from '../store.ts';
import { type InventoryDeps, transactionOptions } from './deps.ts';
import { appendStockEvents } from './events.ts';

/**
 * Applies a settled reservation's lines to stock, SKU by SKU in code-point order, each
 * SKU's levels in location order and then its totals (the lock order of store/levels.ts).
 * Each line's units leave `reserved`, and also `onHand` when they leave stock (commit).
 */
export async function applyLines(
  tx: Tx,
  lines: readonly ReservationLine[],
  leaveStock: boolean,
  now: Date,
): Promise<SkuChange[]> {
  const bySku = new Map<string, ReservationLine[]>();
  for (const line of lines) bySku.set(line.sku, [...(bySku.get(line.sku) ?? []), line]);
  const changes: SkuChange[] = [];
  for (const sku of [...bySku.keys()].sort(compareText)) {
    const skuLines = (bySku.get(sku) ?? []).sort((a, b) => compareText(a.locationId, b.locationId));
    const locations: StockLevel[] = [];
    let units = 0;
    for (const line of skuLines) {
      const delta = {
        locationId: line.locationId,
        onHandDelta: leaveStock ? -line.quantity : 0,
        reservedDelta: -line.quantity,
      };
      const level = await store.moveLevel(tx, sku, delta, now);
      // An active reservation's units are part of `reserved` by construction.
      assert(level !== undefined, `level ${sku}@${line.locationId} holds less than the reservation being settled`);
      locations.push(level);
      units += line.quantity;
    }
    const totals = await store.moveTotals(tx, sku, leaveStock ? -units : 0, -units, now);
    changes.push({ sku, totals, availableDelta: leaveStock ? 0 : units, locations });
  }
  return changes;
}

function checkOrderId(orderId: string): void {
  assert(isOrderId(orderId), `invalid order id: ${JSON.stringify(orderId)}`);
}

/** The answer when a move found the reservation elsewhere than `active`: idempotent repeats succeed. */
async function settled(
  tx: Tx,
  orderId: string,
  wanted: 'committed' | 'held',
): Promise<Result<Reservation, ReservationCode>> {
  const current = await store.findReservation(tx, orderId);
  if (current === undefined) return fail('reservation_not_found', 'This order has no reservation.');
  if (current.status === 'released') return fail('reservation_released', 'This order’s reservation was released.');
  // A failed move to committed means someone else moved it first; it cannot still be active.
  assert(
    wanted !== 'committed' || current.status !== 'active',
    `reservation ${orderId} stayed active through a commit`,
  );
  return ok(current);
}

/** Release inside a transaction, shared by `release` and the sweeper: what no partial commit took goes back. */
async function releaseIn(deps: InventoryDeps, tx: Tx, moved: Reservation, now: Date): Promise<Reservation> {
  const changes = await applyLines(tx, store.uncommitted(await store.heldLinesOf(tx, moved.orderId)), false, now);
  await appendStockEvents(deps.outbox, tx, changes);
  return moved;
}

/** A release that meets a reservation being created concurrently sees it on the next look. */
const releaseLooksMax = 3;

export function createSettlement(deps: InventoryDeps) {
  return {
    async confirm(orderId: string): Promise<Result<Reservation, ReservationCode>> {
      checkOrderId(orderId);
      return inResultTransaction(
        deps.db,
        async (tx) => {
          await store.holdReservation(tx, orderId, deps.clock.now());
          return settled(tx, orderId, 'held');
        },
        transactionOptions,
      );
    },

    async commit(orderId: string): Promise<Result<Reservation, ReservationCode>> {
      checkOrderId(orderId);
      return inResultTransaction(
        deps.db,
        async (tx) => {
          const now = deps.clock.now();
          const moved = await store.moveReservation(tx, orderId, 'active', 'committed', now);
          if (moved === undefined) return settled(tx, orderId, 'committed');
          // Units that partial commits took have left stock already; the rest leaves now.
          const changes = await applyLines(tx, store.uncommitted(await store.heldLinesOf(tx, orderId)), true, now);
          await store.commitAllLines(tx, orderId);
          await appendStockEvents(deps.outbox, tx, changes);
          return ok(moved);
        },
        transactionOptions,
      );
    },

    async release(orderId: string): Promise<Reservation> {
      checkOrderId(orderId);
      const result = await inResultTransaction<Reservation, never>(
        deps.db,
        async (tx) => {
          const now = deps.clock.now();
          for (let look = 1; look <= releaseLooksMax; look++) {
            const moved = await store.moveReservation(tx, orderId, 'active', 'released', now);
            if (moved !== undefined) return ok(await releaseIn(deps, tx, moved, now));
            const current = await store.findReservation(tx, orderId);
            if (current !== undefined && current.status !== 'active') return ok(current);
            // No reservation yet: leave a released mark, so a reserve that arrives late has no effect.
            if (current === undefined && (await store.claimReservation(tx, orderId, 'released', null, now))) {
              return ok({ orderId, status: 'released', lines: [], expiresAt: null, createdAt: now.toISOString() });
            }
          }
          throw new Error(`release of ${orderId} kept meeting a concurrent change`);
        },
        transactionOptions,
      );
      assert(result.ok, 'release cannot fail');
      return result.value;
    },

    getReservation(orderId: string): Promise<Reservation | undefined> {
      checkOrderId(orderId);
      return store.findReservation(deps.db, orderId);
    },

    /** Each expired reservation is released in its own transaction: one bad row cannot block the batch. */
    async sweepExpired(limit = deps.config.sweepBatchSize): Promise<number> {
      assert(Number.isSafeInteger(limit) && limit >= 1, `sweep limit must be a positive integer: ${limit}`);
      const batch = Math.min(limit, inventoryLimits.sweepBatchMax);
      const expired = await store.expiredReservations(deps.db, deps.clock.now(), batch);
      let released = 0;
      for (const orderId of expired) {
        const done = await deps.db.transaction(async (tx) => {
          const now = deps.clock.now();
          const moved = await store.expireReservation(tx, orderId, now);
          if (moved === undefined) return false;
          await releaseIn(deps, tx, moved, now);
          return true;
        });
        if (done) released++;
      }
      if (released > 0) deps.logger.info({ released }, 'expired reservations released');
      return released;
    },
  };
}
