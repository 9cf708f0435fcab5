import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import type { OrderStatus } from '../contract.ts';
import { canTransition } from '../domain/order-status.ts';
import { changeStatus, type OrderChanges, type OrderRow } from '../store/orders.ts';

/**
 * The one way an order's status changes: checked against the transition table (a
 * forbidden change is a bug here: use cases check `checkTransition` first and answer
 * their refusal), then written with a conditional UPDATE on the status that was read.
 * Answers undefined when another change came first; the caller decides what that means.
 */
export async function moveOrder(
  q: Queryable,
  order: Pick<OrderRow, 'id' | 'status'>,
  to: OrderStatus,
  changes: OrderChanges,
  now: Date,
): Promise<OrderRow | undefined> {
  assert(canTransition(order.status, to), `order ${order.id}: ${order.status} → ${to} is not in the transition table`);
  return changeStatus(q, order.id, order.status, to, changes, now);
}
