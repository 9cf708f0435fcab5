import { inResultTransaction } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Actor,
  checkoutAuditActions,
  checkoutEvents,
  type DeliverCode,
  type Order,
  type OrderDeliveredData,
  type OrderStatus,
} from '../contract.ts';
import { checkTransition } from '../domain/order-status.ts';
import { findItems, findOrder, lockOrder, type OrderRow, updateOrder } from '../store/orders.ts';
import { orderSnapshot, recordStaffWrite } from './audit.ts';
import type { CheckoutDeps } from './deps.ts';
import { moveOrder } from './transitions.ts';

const notFound = () => fail('order_not_found', 'No such order.');

/**
 * May the order be marked delivered? A fulfilled order becomes `delivered`. An order
 * refunded (in part) after it shipped in full and before it arrived keeps its status:
 * only the delivery time is recorded (the return window counts from it).
 */
function deliverable(
  row: Pick<OrderRow, 'status' | 'delivered_at'>,
): Result<{ to: OrderStatus | null }, 'order_not_deliverable'> {
  const refundedInTransit =
    (row.status === 'partially_refunded' || row.status === 'refunded') && row.delivered_at == null;
  if (refundedInTransit) return ok({ to: null });
  const allowed = checkTransition(row.status, 'delivered', 'order_not_deliverable');
  return allowed.ok ? ok({ to: 'delivered' }) : allowed;
}

/** The staff's delivery write (API.md "Admin"), audited in its transaction. */
export function createDeliver(deps: CheckoutDeps, view: (row: OrderRow) => Promise<Order>) {
  const { db, clock, outbox } = deps;

  return async function deliverOrder(actor: Actor, orderId: string): Promise<Result<Order, DeliverCode>> {
    const order = await findOrder(db, orderId);
    if (order === undefined) return notFound();
    const allowed = deliverable(order);
    if (!allowed.ok) return allowed;
    const delivered = await deps.shipping.markDelivered({ orderId, idempotencyKey: `${orderId}:deliver` });
    if (!delivered.ok) {
      if (delivered.code === 'idempotency_key_reused')
        throw new Error(`shipping refused key ${orderId}:deliver as reused`);
      return fail('order_not_deliverable', `The shipment cannot be delivered: ${delivered.message}`);
    }
    const done = await inResultTransaction(db, async (tx): Promise<Result<OrderRow, DeliverCode>> => {
      const locked = await lockOrder(tx, orderId);
      if (locked === undefined) return notFound();
      const again = deliverable(locked);
      if (!again.ok) return again;
      const now = clock.now();
      const changes = { delivered_at: now };
      const moved =
        again.value.to === null
          ? await updateOrder(tx, orderId, changes, now)
          : await moveOrder(tx, locked, again.value.to, changes, now);
      assert(moved !== undefined, `order ${orderId} changed while locked`);
      const items = (await findItems(tx, [orderId])).map((item) => ({
        variantId: item.variant_id,
        productId: item.product_id,
        sku: item.sku,
        quantity: item.quantity,
        unitPrice: { amount: item.unit_price, currency: locked.currency },
      }));
      const data: OrderDeliveredData = { orderId, number: locked.number, customerId: locked.customer_id, items };
      await outbox.append(tx, [{ type: checkoutEvents.orderDelivered, data }]);
      const entry = { action: checkoutAuditActions.deliverOrder, entityType: 'order' as const, entityId: orderId };
      await recordStaffWrite(deps, tx, actor, {
        ...entry,
        before: orderSnapshot(locked),
        after: orderSnapshot(moved, { deliveredAt: now.toISOString() }),
      });
      return ok(moved);
    });
    return done.ok ? ok(await view(done.value)) : done;
  };
}
