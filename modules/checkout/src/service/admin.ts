import type { Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Actor,
  checkoutAuditActions,
  checkoutEvents,
  type DeliverCode,
  type FulfillCode,
  type FulfillInput,
  type Order,
  type OrderDeliveredData,
  type OrderFulfilledData,
  type OrderRefundedData,
  type RefundCode,
  type RefundInput,
} from '../contract.ts';
import { canTransition, checkTransition } from '../domain/order-status.ts';
import { type FulfilOrderInput, fulfilOrderSaga } from '../saga/fulfil-order.ts';
import type { SagaDefinition } from '../saga/runner.ts';
import { findItems, findOrder, lockOrder, type OrderRow, setPaymentState } from '../store/orders.ts';
import { insertSaga } from '../store/sagas.ts';
import { untilBudget } from './budget.ts';
import type { CheckoutDeps } from './deps.ts';
import { moveOrder } from './transitions.ts';

const notFound = () => fail('order_not_found', 'No such order.');

/** What the audit log keeps of an order before and after a staff write. */
function snapshot(row: OrderRow) {
  return {
    status: row.status,
    paymentStatus: row.payment_status,
    captured: row.captured,
    refunded: row.refunded,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
  };
}

/** The staff's order writes (API.md "Admin"), each audited in its own transaction. */
export function createAdmin(deps: CheckoutDeps, fulfilDefinition: SagaDefinition<FulfilOrderInput>, view: (row: OrderRow) => Promise<Order>) {
  const { db, clock, outbox, audit } = deps;

  async function record(tx: Tx, actor: Actor, action: string, before: OrderRow, after: OrderRow): Promise<void> {
    await audit.record(tx, {
      actor: actor.role === undefined ? { id: actor.id } : { id: actor.id, role: actor.role },
      action,
      entityType: 'order',
      entityId: before.id,
      before: snapshot(before),
      after: snapshot(after),
      ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
    });
  }

  async function answer(orderId: string): Promise<Order> {
    const row = await findOrder(db, orderId);
    assert(row !== undefined, `order ${orderId} vanished`);
    return view(row);
  }

  /**
   * Capture first (a refusal changes nothing), then `fulfilled` with the fulfil saga in
   * one transaction. Should a cancel win the race in between, its compensation refunds
   * the capture.
   */
  async function fulfillOrder(actor: Actor, orderId: string, input: FulfillInput): Promise<Result<Order, FulfillCode>> {
    const order = await findOrder(db, orderId);
    if (order === undefined) return notFound();
    const allowed = checkTransition(order.status, 'fulfilled', 'order_not_fulfillable');
    if (!allowed.ok) return allowed;
    assert(order.payment_id !== null, `placed order ${orderId} has no payment`);
    const captured = await deps.payments.capture({ paymentId: order.payment_id, idempotencyKey: `${orderId}:capture` });
    if (!captured.ok) {
      if (captured.code === 'payment_not_capturable') return fail('payment_not_capturable', captured.message);
      throw new Error(`payments refused the capture of ${orderId}: ${captured.code}`);
    }
    const lease = deps.runner.newLease(orderId, fulfilOrderSaga);
    const done = await db.transaction(async (tx): Promise<Result<OrderRow, FulfillCode>> => {
      const locked = await lockOrder(tx, orderId);
      if (locked === undefined || locked.status !== 'placed') return fail('order_not_fulfillable', 'The order changed while it was being fulfilled.');
      const now = clock.now();
      const changes = { payment_status: 'captured' as const, captured: captured.value.captured.amount, carrier: input.carrier, tracking_number: input.trackingNumber };
      const moved = await moveOrder(tx, locked, 'fulfilled', changes, now);
      assert(moved !== undefined, `order ${orderId} changed while locked`);
      const sagaInput: FulfilOrderInput = { carrier: input.carrier, trackingNumber: input.trackingNumber };
      const saga = { order_id: orderId, saga: fulfilOrderSaga, status: 'running' as const, step_index: 0, step: fulfilDefinition.steps[0]!.name };
      await insertSaga(tx, { ...saga, input: sagaInput, lease_owner: lease.owner, lease_expires_at: deps.runner.leaseExpiresAt() }, now);
      const data: OrderFulfilledData = { orderId, number: locked.number, customerId: locked.customer_id, email: locked.email, ...input };
      await outbox.append(tx, [{ type: checkoutEvents.orderFulfilled, data }]);
      await record(tx, actor, checkoutAuditActions.fulfillOrder, locked, moved);
      return ok(moved);
    });
    if (!done.ok) return done;
    await untilBudget(deps.runner.run(fulfilDefinition, lease), deps.config.requestBudgetMs);
    return ok(await answer(orderId));
  }

  async function deliverOrder(actor: Actor, orderId: string): Promise<Result<Order, DeliverCode>> {
    const order = await findOrder(db, orderId);
    if (order === undefined) return notFound();
    const allowed = checkTransition(order.status, 'delivered', 'order_not_deliverable');
    if (!allowed.ok) return allowed;
    const delivered = await deps.shipping.markDelivered({ orderId, idempotencyKey: `${orderId}:deliver` });
    if (!delivered.ok) {
      if (delivered.code === 'idempotency_key_reused') throw new Error(`shipping refused key ${orderId}:deliver as reused`);
      return fail('order_not_deliverable', `The shipment cannot be delivered: ${delivered.message}`);
    }
    const done = await db.transaction(async (tx): Promise<Result<OrderRow, DeliverCode>> => {
      const locked = await lockOrder(tx, orderId);
      if (locked === undefined) return notFound();
      const again = checkTransition(locked.status, 'delivered', 'order_not_deliverable');
      if (!again.ok) return again;
      const moved = await moveOrder(tx, locked, 'delivered', {}, clock.now());
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
      await record(tx, actor, checkoutAuditActions.deliverOrder, locked, moved);
      return ok(moved);
    });
    return done.ok ? ok(await answer(orderId)) : done;
  }

  /** Payments keeps refunds within the capture, whatever the concurrency; the order follows the payment. */
  async function refundOrder(actor: Actor, orderId: string, input: RefundInput): Promise<Result<Order, RefundCode>> {
    const order = await findOrder(db, orderId);
    if (order === undefined) return notFound();
    if (input.amount.currency !== order.currency || !Number.isSafeInteger(input.amount.amount) || input.amount.amount < 1) {
      return fail('invalid_amount', `A refund is a positive amount in ${order.currency}.`);
    }
    if (!canTransition(order.status, 'partially_refunded') && !canTransition(order.status, 'refunded')) {
      return fail('order_not_refundable', `An order that is ${order.status} cannot be refunded.`, { status: order.status });
    }
    assert(order.payment_id !== null, `fulfilled order ${orderId} has no payment`);
    const refunded = await deps.payments.refund({
      paymentId: order.payment_id,
      amount: input.amount,
      reason: input.reason,
      idempotencyKey: `${orderId}:refund:${deps.ids.next('rfd')}`,
    });
    if (!refunded.ok) {
      if (refunded.code === 'refund_exceeds_captured' || refunded.code === 'invalid_amount') return fail(refunded.code, refunded.message, refunded.details);
      if (refunded.code === 'payment_not_refundable') return fail('order_not_refundable', refunded.message);
      throw new Error(`payments refused the refund of ${orderId}: ${refunded.code}`);
    }
    const payment = refunded.value;
    await db.transaction(async (tx) => {
      const locked = await lockOrder(tx, orderId);
      assert(locked !== undefined, `order ${orderId} vanished`);
      const to = payment.refunded.amount >= payment.captured.amount ? 'refunded' : 'partially_refunded';
      const changes = { refunded: payment.refunded.amount, payment_status: to } as const;
      const now = clock.now();
      // A concurrent refund recorded after this one's answer already holds newer totals.
      const newer = payment.refunded.amount >= locked.refunded;
      const moved = newer && canTransition(locked.status, to) ? await moveOrder(tx, locked, to, changes, now) : undefined;
      if (moved === undefined && newer) await setPaymentState(tx, orderId, changes, now);
      const after = moved ?? (newer ? { ...locked, ...changes } : locked);
      const data: OrderRefundedData = { orderId, number: locked.number, amount: input.amount, refunded: payment.refunded, status: after.status };
      await outbox.append(tx, [{ type: checkoutEvents.orderRefunded, data }]);
      await record(tx, actor, checkoutAuditActions.refundOrder, locked, after);
    });
    return ok(await answer(orderId));
  }

  return { fulfillOrder, deliverOrder, refundOrder };
}
