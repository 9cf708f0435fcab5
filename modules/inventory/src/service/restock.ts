import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type AdjustInput,
  defaultLocationId,
  inventoryAuditActions,
  inventoryLimits,
  type RestockCode,
  type RestockInput,
  type StockLevel,
} from '../contract.ts';
import { isSku } from '../domain/reservation.ts';
import { level } from '../domain/stock.ts';
import * as store from '../store.ts';
import { invalidAdjustment, moveOnHand } from './adjust.ts';
import { type InventoryDeps, transactionOptions } from './deps.ts';
import { appendStockEvents } from './events.ts';

const systemActor = { id: 'system' } as const;

/** A key seen before: the level as it is now for the same restock, else a refusal. */
async function replay(
  tx: Tx,
  known: store.AdjustmentRow,
  input: AdjustInput,
  locationId: string,
): Promise<Result<StockLevel, RestockCode>> {
  if (known.sku !== input.sku || known.locationId !== locationId || known.delta !== input.delta) {
    return fail('idempotency_key_reused', 'This key restocked another SKU, location or quantity before.');
  }
  const current = (await store.levelsOfSku(tx, input.sku)).find((candidate) => candidate.locationId === locationId);
  return ok(current ?? level(input.sku, locationId, 0, 0));
}

/**
 * Returned goods back into stock: the key is claimed with the ledger row first (a
 * retried or concurrent restock with the same key replays), then `onHand` grows at the
 * chosen location, audited, with the stock events, all in one transaction.
 */
export function createRestock(deps: InventoryDeps) {
  return async (input: RestockInput): Promise<Result<StockLevel, RestockCode>> => {
    const locationId = input.locationId ?? defaultLocationId;
    const actor = input.actor ?? systemActor;
    const key = input.idempotencyKey;
    if (!isSku(input.sku)) return fail('unknown_sku', 'Inventory has no stock record of this SKU.');
    const adjustment: AdjustInput = { sku: input.sku, delta: input.quantity, reason: input.reason, locationId, actor };
    const invalid =
      !Number.isSafeInteger(input.quantity) || input.quantity < 1 || input.quantity > inventoryLimits.quantityMax
        ? `quantity must be an integer from 1 to ${inventoryLimits.quantityMax}`
        : typeof key !== 'string' || key.length === 0 || key.length > inventoryLimits.idempotencyKeyLengthMax
          ? `idempotencyKey must be 1 to ${inventoryLimits.idempotencyKeyLengthMax} characters`
          : invalidAdjustment(adjustment, locationId);
    if (invalid !== undefined) return fail('invalid_adjustment', invalid);
    return inResultTransaction(
      deps.db,
      async (tx) => {
        const now = deps.clock.now();
        const row = {
          id: deps.ids.next('adj'),
          sku: input.sku,
          locationId,
          delta: input.quantity,
          reason: input.reason,
          actorId: actor.id,
          idempotencyKey: key,
        };
        if (!(await store.claimAdjustment(tx, row, now))) {
          const known = await store.findAdjustmentByKey(tx, key);
          if (known === undefined) throw new Error(`restock key ${key} conflicted but cannot be found`);
          return replay(tx, known, adjustment, locationId);
        }
        const moved = await moveOnHand(tx, adjustment, locationId, now);
        if (!moved.ok)
          return moved.code === 'adjustment_below_reserved'
            ? fail('invalid_adjustment', moved.message)
            : fail(moved.code, moved.message);
        const { level: after, totals } = moved.value;
        await deps.audit.record(tx, {
          actor,
          action: inventoryAuditActions.restock,
          entityType: 'stock_level',
          entityId: `${input.sku}@${locationId}`,
          before: moved.value.opened
            ? null
            : level(input.sku, locationId, after.onHand - input.quantity, after.reserved),
          after: { ...after, delta: input.quantity, reason: input.reason, adjustmentId: row.id, idempotencyKey: key },
        });
        await appendStockEvents(deps.outbox, tx, [
          { sku: input.sku, totals, availableDelta: input.quantity, locations: [after] },
        ]);
        return ok(after);
      },
      transactionOptions,
    );
  };
}
