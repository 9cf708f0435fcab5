import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type AdjustCode,
  type AdjustInput,
  defaultLocationId,
  inventoryAuditActions,
  inventoryLimits,
  type StockLevel,
} from '../contract.ts';
import { isSku } from '../domain/reservation.ts';
import { level, type Totals } from '../domain/stock.ts';
import * as store from '../store.ts';
import { type InventoryDeps, StockContention, transactionOptions } from './deps.ts';
import { appendStockEvents } from './events.ts';

/** What a schema cannot fully say about an adjustment, checked again for non-HTTP callers. */
export function invalidAdjustment(input: AdjustInput, locationId: string): string | undefined {
  const { delta, reason } = input;
  if (!Number.isSafeInteger(delta) || delta === 0 || Math.abs(delta) > inventoryLimits.adjustmentDeltaMax) {
    return `delta must be a non-zero integer of at most ${inventoryLimits.adjustmentDeltaMax} units`;
  }
  if (typeof reason !== 'string' || reason.trim().length === 0 || reason.length > inventoryLimits.reasonLengthMax) {
    return `reason must be 1 to ${inventoryLimits.reasonLengthMax} characters`;
  }
  if (locationId.length === 0 || locationId.length > inventoryLimits.locationIdLengthMax) return 'invalid locationId';
  if (typeof input.actor?.id !== 'string' || input.actor.id.length === 0) return 'an adjustment needs an actor';
  return undefined;
}

/**
 * Why a conditional adjustment did not apply, read after it failed: an unknown SKU or
 * location, or `onHand` that would drop below `reserved`. A positive delta at a known
 * location where the SKU has no level yet opens one there.
 */
async function whenNotApplied(
  tx: Tx,
  input: AdjustInput,
  locationId: string,
  now: Date,
): Promise<Result<StockLevel, AdjustCode>> {
  if (!(await store.skuExists(tx, input.sku))) return fail('unknown_sku', 'Inventory has no stock record of this SKU.');
  if (!(await store.locationExists(tx, locationId))) return fail('location_not_found', 'No such location.');
  const current = (await store.levelsOfSku(tx, input.sku)).find((candidate) => candidate.locationId === locationId);
  if (current === undefined && input.delta > 0) {
    const opened = await store.openLevel(tx, input.sku, locationId, input.delta, now);
    // Another transaction opened it between our update and our insert: run again.
    if (opened === undefined) throw new StockContention(`level ${input.sku}@${locationId} opened concurrently`);
    return ok(opened);
  }
  const before = current ?? level(input.sku, locationId, 0, 0);
  return fail('adjustment_below_reserved', 'On-hand stock cannot go below what is reserved.', {
    onHand: before.onHand,
    reserved: before.reserved,
    available: before.available,
    delta: input.delta,
  });
}

/** An on-hand change applied: the level after it, the SKU's totals, and whether the level existed before. */
export type OnHandMove = { readonly level: StockLevel; readonly totals: Totals; readonly opened: boolean };

/**
 * Moves `onHand` of one level by `delta` with one conditional update (opening the level
 * for a positive delta at a known location without one), then the SKU's totals: the
 * shared core of adjustments and restocks, inside the caller's transaction.
 */
export async function moveOnHand(
  tx: Tx,
  input: AdjustInput,
  locationId: string,
  now: Date,
): Promise<Result<OnHandMove, AdjustCode>> {
  const moved = await store.moveLevel(tx, input.sku, { locationId, onHandDelta: input.delta, reservedDelta: 0 }, now);
  const after = moved === undefined ? await whenNotApplied(tx, input, locationId, now) : ok(moved);
  if (!after.ok) return after;
  const totals = await store.moveTotals(tx, input.sku, input.delta, 0, now);
  return ok({ level: after.value, totals, opened: moved === undefined });
}

/** A staff adjustment: one conditional update, the ledger row, the audit record and the events, in one transaction. */
export function createAdjust(deps: InventoryDeps) {
  return async (input: AdjustInput): Promise<Result<StockLevel, AdjustCode>> => {
    const locationId = input.locationId ?? defaultLocationId;
    if (!isSku(input.sku)) return fail('unknown_sku', 'Inventory has no stock record of this SKU.');
    const invalid = invalidAdjustment(input, locationId);
    if (invalid !== undefined) return fail('invalid_adjustment', invalid);
    return inResultTransaction(
      deps.db,
      async (tx) => {
        const now = deps.clock.now();
        const moved = await moveOnHand(tx, input, locationId, now);
        if (!moved.ok) return moved;
        const { level: after, totals } = moved.value;
        const adjustment = {
          id: deps.ids.next('adj'),
          sku: input.sku,
          locationId,
          delta: input.delta,
          reason: input.reason,
          actorId: input.actor.id,
        };
        await store.insertAdjustments(tx, [adjustment], now);
        await deps.audit.record(tx, {
          actor: input.actor,
          action: inventoryAuditActions.adjustStock,
          entityType: 'stock_level',
          entityId: `${input.sku}@${locationId}`,
          before: moved.value.opened ? null : level(input.sku, locationId, after.onHand - input.delta, after.reserved),
          after: { ...after, delta: input.delta, reason: input.reason, adjustmentId: adjustment.id },
          ...(input.requestId === undefined ? {} : { requestId: input.requestId }),
        });
        await appendStockEvents(deps.outbox, tx, [
          { sku: input.sku, totals, availableDelta: input.delta, locations: [after] },
        ]);
        return ok(after);
      },
      transactionOptions,
    );
  };
}
