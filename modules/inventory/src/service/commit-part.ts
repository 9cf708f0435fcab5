import { inResultTransaction, type Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type CommitPartCode,
  type CommitPartInput,
  type CommittedPart,
  inventoryLimits,
  type ReserveLine,
} from '../contract.ts';
import { isOrderId, normalizeLines, planCommit } from '../domain/reservation.ts';
import * as store from '../store.ts';
import { type InventoryDeps, StockContention, transactionOptions } from './deps.ts';
import { appendStockEvents } from './events.ts';
import { applyLines } from './settle.ts';

const sameLines = (a: readonly ReserveLine[], b: readonly ReserveLine[]) =>
  a.length === b.length && a.every((line, index) => line.sku === b[index]?.sku && line.quantity === b[index]?.quantity);

/** A key seen before: the first outcome for the same order and lines, else a refusal. */
async function replay(
  tx: Tx,
  known: store.CommitRow,
  orderId: string,
  lines: readonly ReserveLine[],
): Promise<Result<CommittedPart, CommitPartCode>> {
  if (known.orderId !== orderId || !sameLines(known.lines, lines)) {
    return fail('idempotency_key_reused', 'This key committed other lines or another order before.');
  }
  const reservation = await store.findReservation(tx, orderId);
  assert(reservation !== undefined, `reservation ${orderId} vanished after a commit`);
  return ok({ reservation, taken: known.taken });
}

/**
 * A partial commit: under the reservation's row lock (first in the lock order), the
 * requested units are taken from the reservation's lines in location order; they leave
 * `onHand` and `reserved` at exactly the locations that held them. The reservation
 * becomes `committed` once no line holds anything more.
 */
export function createCommitPart(deps: InventoryDeps) {
  return async (input: CommitPartInput): Promise<Result<CommittedPart, CommitPartCode>> => {
    const { orderId, key } = input;
    assert(isOrderId(orderId), `invalid order id: ${JSON.stringify(orderId)}`);
    assert(
      typeof key === 'string' && key.length >= 1 && key.length <= inventoryLimits.idempotencyKeyLengthMax,
      'a partial commit needs a key of 1-255 characters',
    );
    const lines = normalizeLines(input.lines);
    assert(typeof lines !== 'string', `invalid commit lines: ${String(lines)}`);
    return inResultTransaction(
      deps.db,
      async (tx) => {
        const now = deps.clock.now();
        const status = await store.lockReservation(tx, orderId);
        const known = await store.findCommit(tx, key);
        if (known !== undefined) return replay(tx, known, orderId, lines);
        if (status === undefined) return fail('reservation_not_found', 'This order has no reservation.');
        if (status === 'released') return fail('reservation_released', 'This order’s reservation was released.');
        const held = await store.heldLinesOf(tx, orderId);
        const plan = planCommit(held, lines);
        if (!plan.ok)
          return fail('commit_exceeds_reserved', 'The reservation holds fewer units than asked.', {
            items: plan.short,
          });
        for (const take of plan.takes) {
          assert(
            await store.addCommitted(tx, orderId, take),
            `line ${take.sku}@${take.locationId} of ${orderId} changed under its lock`,
          );
        }
        const changes = await applyLines(tx, plan.takes, true, now);
        const left =
          held.reduce((sum, line) => sum + line.quantity - line.committed, 0) -
          plan.takes.reduce((sum, take) => sum + take.quantity, 0);
        if (left === 0)
          assert(
            (await store.moveReservation(tx, orderId, 'active', 'committed', now)) !== undefined,
            `reservation ${orderId} left active`,
          );
        // The same key for another order is not serialized by the row lock: run again to replay it.
        if (!(await store.claimCommit(tx, { key, orderId, lines, taken: plan.takes }, now)))
          throw new StockContention(`commit key ${key} claimed concurrently`);
        await appendStockEvents(deps.outbox, tx, changes);
        const reservation = await store.findReservation(tx, orderId);
        assert(reservation !== undefined, `reservation ${orderId} vanished under its lock`);
        return ok({ reservation, taken: plan.takes });
      },
      transactionOptions,
    );
  };
}
