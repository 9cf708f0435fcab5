import { defaultLocationId } from '@mercato/inventory/contract';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Actor,
  checkoutAuditActions,
  checkoutEvents,
  type ReceiveReturnCode,
  type ReceiveReturnInput,
  type Return,
  type ReturnReceivedData,
} from '../contract.ts';
import { findItems, findOrder } from '../store/orders.ts';
import {
  changeReturn,
  clearReturnLocation,
  findReturn,
  fixReturnLocation,
  lockReturn,
  type ReturnRow,
  returnItems,
} from '../store/returns.ts';
import { recordStaffWrite } from './audit.ts';
import type { CheckoutDeps } from './deps.ts';
import { returnNotFound, returnView } from './returns.ts';

/**
 * Receiving a return: the goods go back into stock at a chosen location, then the return
 * is `received`. The location is fixed on the return first, so a retry after a crash
 * restocks the same place; each line is restocked with the key `<return id>:<order
 * item id>` (inventory adds it once); the last transaction moves accepted → received
 * with the event. Receiving a received return answers it unchanged.
 */
export function createReceiveReturn(deps: CheckoutDeps) {
  const { db, clock } = deps;

  async function restockLines(
    actor: Actor,
    row: ReturnRow,
    locationId: string,
  ): Promise<Result<ReturnReceivedData['items'], 'location_not_found'>> {
    const [items, orderItems] = await Promise.all([returnItems(db, [row.id]), findItems(db, [row.order_id])]);
    const lines: ReturnReceivedData['items'] = [];
    for (const item of items) {
      const orderItem = orderItems.find((candidate) => candidate.id === item.order_item_id);
      assert(orderItem !== undefined, `return ${row.id} names a missing order item`);
      const restocked = await deps.inventory.restock({
        sku: orderItem.sku,
        quantity: item.quantity,
        locationId,
        reason: `return ${row.id} of order ${row.order_id}`,
        idempotencyKey: `${row.id}:${item.order_item_id}`,
        actor: { id: actor.id, ...(actor.role === undefined ? {} : { role: actor.role }) },
      });
      if (!restocked.ok && restocked.code === 'location_not_found')
        return fail('location_not_found', 'Inventory has no such location.', { locationId });
      if (!restocked.ok) throw new Error(`inventory refused the restock of ${row.id}: ${restocked.code}`);
      lines.push({ orderItemId: item.order_item_id, sku: orderItem.sku, quantity: item.quantity });
    }
    return ok(lines);
  }

  async function markReceived(
    actor: Actor,
    returnId: string,
    locationId: string,
    items: ReturnReceivedData['items'],
  ): Promise<ReturnRow> {
    return db.transaction(async (tx) => {
      const current = await lockReturn(tx, returnId);
      assert(current !== undefined, `return ${returnId} vanished`);
      // A concurrent receive got here first: its answer stands.
      if (current.status !== 'accepted') return current;
      const now = clock.now();
      const after = await changeReturn(tx, returnId, 'accepted', 'received', {}, now);
      assert(after !== undefined, `return ${returnId} changed while locked`);
      const order = await findOrder(tx, current.order_id);
      assert(order !== undefined, `return ${returnId} names a missing order`);
      const data: ReturnReceivedData = {
        returnId,
        orderId: order.id,
        number: order.number,
        locationId,
        items,
        receivedAt: now.toISOString(),
      };
      await deps.outbox.append(tx, [{ type: checkoutEvents.returnReceived, data }]);
      const entry = { action: checkoutAuditActions.receiveReturn, entityType: 'return' as const, entityId: returnId };
      await recordStaffWrite(deps, tx, actor, {
        ...entry,
        before: { status: 'accepted' },
        after: { status: 'received', locationId, items },
      });
      return after;
    });
  }

  return async function receiveReturn(
    actor: Actor,
    returnId: string,
    input: ReceiveReturnInput,
  ): Promise<Result<Return, ReceiveReturnCode>> {
    const found = await findReturn(db, returnId);
    if (found === undefined) return returnNotFound();
    const wanted = input.locationId ?? found.location_id ?? defaultLocationId;
    const conflict = () =>
      fail('return_location_conflict', 'This return goes back to another location.', { locationId: found.location_id });
    if (found.status === 'received' || found.status === 'refunded') {
      return found.location_id === wanted ? ok(await returnView(deps, found)) : conflict();
    }
    if (found.status !== 'accepted')
      return fail('return_not_receivable', `A return that is ${found.status} cannot be received.`, {
        status: found.status,
      });
    const fixed = await fixReturnLocation(db, returnId, wanted, clock.now());
    // No longer accepted: a concurrent receive finished first; answer as it left it (one more look).
    if (fixed === undefined) return receiveReturn(actor, returnId, input);
    if (fixed !== wanted)
      return fail('return_location_conflict', 'This return goes back to another location.', { locationId: fixed });
    const restocked = await restockLines(actor, found, fixed);
    if (!restocked.ok) {
      // Nothing can have been restocked at a location that does not exist: free the choice.
      await clearReturnLocation(db, returnId, fixed);
      return restocked;
    }
    return ok(await returnView(deps, await markReceived(actor, returnId, fixed, restocked.value)));
  };
}
