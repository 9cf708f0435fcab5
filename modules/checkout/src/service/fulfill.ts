import { type Queryable, inResultTransaction } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Actor,
  checkoutAuditActions,
  checkoutEvents,
  checkoutLimits,
  type FulfillCode,
  type FulfillInput,
  type Order,
  type OrderFulfilledData,
} from '../contract.ts';
import { checkTransition } from '../domain/order-status.ts';
import { completesOrder, type LineState, type PlannedLine, planFulfillment } from '../domain/quantities.ts';
import { type FulfillOrderInput, fulfillmentSagaName } from '../saga/fulfill-order.ts';
import type { SagaDefinition } from '../saga/runner.ts';
import { countFulfillments, fulfilledQuantities, insertFulfillment } from '../store/fulfillments.ts';
import { findItems, findOrder, lockOrder, type OrderChanges, type OrderRow, updateOrder } from '../store/orders.ts';
import { returnedQuantities } from '../store/returns.ts';
import { insertSaga } from '../store/sagas.ts';
import { orderSnapshot, recordStaffWrite } from './audit.ts';
import { untilBudget } from './budget.ts';
import type { CheckoutDeps } from './deps.ts';
import { moveOrder } from './transitions.ts';

/** Each line of an order with what was shipped and returned so far. */
export async function lineStates(q: Queryable, orderId: string): Promise<LineState[]> {
  const [items, fulfilled, returned] = await Promise.all([
    findItems(q, [orderId]),
    fulfilledQuantities(q, [orderId]),
    returnedQuantities(q, [orderId]),
  ]);
  return items.map((item) => ({
    id: item.id,
    sku: item.sku,
    quantity: item.quantity,
    fulfilled: fulfilled.get(item.id) ?? 0,
    returned: returned.get(item.id) ?? 0,
  }));
}

/** The parcel's lines for inventory: units per SKU. */
const stockLines = (parcel: readonly PlannedLine[]) => parcel.map(({ sku, quantity }) => ({ sku, quantity }));

/**
 * Fulfillment, one parcel at a time. The first parcel captures the whole authorization
 * (payments captures once; an authorization may lapse before a late parcel ships, and
 * the ledger then holds one capture that refunds come out of). The parcel is recorded
 * under the order's row lock, checked against what is left to ship, together with its
 * fulfill saga (commit the units, hand over the shipment) and the event; the order
 * stays `placed` until the last unit ships, then becomes `fulfilled`.
 */
export function createFulfill(
  deps: CheckoutDeps,
  definition: SagaDefinition<FulfillOrderInput>,
  view: (row: OrderRow) => Promise<Order>,
) {
  const { db, clock, outbox } = deps;
  const notFound = () => fail('order_not_found', 'No such order.');

  /** The whole authorization, once (the key makes a repeat answer the first capture). */
  async function capture(order: OrderRow): Promise<Result<number, FulfillCode>> {
    if (order.captured > 0) return ok(order.captured);
    assert(order.payment_id !== null, `placed order ${order.id} has no payment`);
    const captured = await deps.payments.capture({
      paymentId: order.payment_id,
      idempotencyKey: `${order.id}:capture`,
    });
    if (captured.ok) return ok(captured.value.captured.amount);
    if (captured.code === 'payment_not_capturable') return fail('payment_not_capturable', captured.message);
    throw new Error(`payments refused the capture of ${order.id}: ${captured.code}`);
  }

  /** The `order.fulfilled` event and the staff's audit entry of a parcel just recorded. */
  async function announce(
    tx: Queryable,
    actor: Actor,
    parcel: {
      readonly orderId: string;
      readonly input: FulfillInput;
      readonly fulfillmentId: string;
      readonly lines: readonly PlannedLine[];
      readonly complete: boolean;
    },
    locked: OrderRow,
    after: OrderRow,
  ): Promise<void> {
    const { orderId, input, fulfillmentId, complete } = parcel;
    const data: OrderFulfilledData = {
      orderId,
      number: locked.number,
      customerId: locked.customer_id,
      email: locked.email,
      carrier: input.carrier,
      trackingNumber: input.trackingNumber,
      fulfillmentId,
      items: parcel.lines.map(({ orderItemId, sku, quantity }) => ({ orderItemId, sku, quantity })),
      complete,
    };
    await outbox.append(tx, [{ type: checkoutEvents.orderFulfilled, data }]);
    const entry = { action: checkoutAuditActions.fulfillOrder, entityType: 'order' as const, entityId: orderId };
    await recordStaffWrite(deps, tx, actor, {
      ...entry,
      before: orderSnapshot(locked),
      after: orderSnapshot(after, { fulfillmentId, items: data.items }),
    });
  }

  async function record(
    actor: Actor,
    orderId: string,
    input: FulfillInput,
    captured: number,
    lease: { owner: string; id: string },
  ) {
    return inResultTransaction(db, async (tx): Promise<Result<OrderRow, FulfillCode>> => {
      const locked = await lockOrder(tx, orderId);
      if (locked === undefined || locked.status !== 'placed')
        return fail('order_not_fulfillable', 'The order changed while it was being fulfilled.');
      const lines = await lineStates(tx, orderId);
      const parcel = planFulfillment(lines, input.items);
      if (!parcel.ok) return parcel;
      const parcels = await countFulfillments(tx, orderId);
      if (parcels >= checkoutLimits.fulfillmentsPerOrderMax)
        return fail(
          'order_not_fulfillable',
          `An order ships in at most ${checkoutLimits.fulfillmentsPerOrderMax} parcels.`,
        );
      const now = clock.now();
      const fulfillmentId = lease.id;
      await insertFulfillment(
        tx,
        {
          id: fulfillmentId,
          order_id: orderId,
          carrier: input.carrier,
          tracking_number: input.trackingNumber,
          created_at: now,
        },
        parcel.value,
      );
      const complete = completesOrder(lines, parcel.value);
      // The first parcel is the shipment the carrier booked: the order shows its tracking number.
      const changes: OrderChanges = {
        payment_status: 'captured',
        captured,
        ...(parcels === 0 ? { carrier: input.carrier, tracking_number: input.trackingNumber } : {}),
      };
      const after = complete
        ? await moveOrder(tx, locked, 'fulfilled', changes, now)
        : await updateOrder(tx, orderId, changes, now);
      assert(after !== undefined, `order ${orderId} changed while locked`);
      const sagaInput: FulfillOrderInput = {
        carrier: input.carrier,
        trackingNumber: input.trackingNumber,
        fulfillmentId,
        lines: stockLines(parcel.value),
        handover: parcels === 0,
      };
      const saga = {
        order_id: orderId,
        saga: fulfillmentSagaName(fulfillmentId),
        status: 'running' as const,
        step_index: 0,
        step: definition.steps[0]!.name,
      };
      await insertSaga(
        tx,
        { ...saga, input: sagaInput, lease_owner: lease.owner, lease_expires_at: deps.runner.leaseExpiresAt() },
        now,
      );
      await announce(tx, actor, { orderId, input, fulfillmentId, lines: parcel.value, complete }, locked, after);
      return ok(after);
    });
  }

  return async function fulfillOrder(
    actor: Actor,
    orderId: string,
    input: FulfillInput,
  ): Promise<Result<Order, FulfillCode>> {
    const order = await findOrder(db, orderId);
    if (order === undefined) return notFound();
    const allowed = checkTransition(order.status, 'fulfilled', 'order_not_fulfillable');
    if (!allowed.ok) return allowed;
    // Checked before any money moves, and again under the lock.
    const planned = planFulfillment(await lineStates(db, orderId), input.items);
    if (!planned.ok) return planned;
    const captured = await capture(order);
    if (!captured.ok) return captured;
    const fulfillmentId = deps.ids.next('ful');
    const lease = deps.runner.newLease(orderId, fulfillmentSagaName(fulfillmentId));
    const done = await record(actor, orderId, input, captured.value, { owner: lease.owner, id: fulfillmentId });
    if (!done.ok) return done;
    await untilBudget(deps.runner.run(definition, lease), deps.config.requestBudgetMs);
    const row = await findOrder(db, orderId);
    return ok(await view(row ?? done.value));
  };
}
