import { inResultTransaction } from '@mercato/platform/db';
import { decodeCursor, encodeCursor, fail, limits, ok, type Result } from '@mercato/platform/kernel';
import {
  type AdminListOrdersInput,
  type CancelCode,
  checkoutEvents,
  checkoutLimits,
  type ListOrdersInput,
  type Order,
  type OrderAccess,
  type OrderCancelledData,
  type OrderNotFoundCode,
  type OrderPage,
} from '../contract.ts';
import { checkTransition } from '../domain/order-status.ts';
import { type PlaceOrderContext, placeOrderSaga } from '../saga/place-order.ts';
import type { Lease, SagaDefinition } from '../saga/runner.ts';
import { countFulfillments } from '../store/fulfillments.ts';
import { findOrder, listOrders, lockOrder, type OrderListQuery, type OrderRow } from '../store/orders.ts';
import { reopenForCompensation } from '../store/sagas.ts';
import type { CheckoutDeps } from './deps.ts';
import { moveOrder } from './transitions.ts';
import { tokenMatches, toOrders } from './views.ts';
import { untilBudget } from './budget.ts';

const notFound = () => fail('order_not_found', 'No such order.');

/** Its customer sees an order, and a guest with the order's token; nobody else learns it exists. */
export function mayAccess(row: OrderRow, access: OrderAccess): boolean {
  if (row.customer_id !== null && row.customer_id === access.customerId) return true;
  return tokenMatches(row, access.token);
}

function afterKeys(cursor: string | undefined): OrderListQuery['after'] | 'invalid' | undefined {
  if (cursor === undefined) return undefined;
  const keys = decodeCursor(cursor);
  const [createdAt, id] = keys ?? [];
  if (keys?.length !== 2 || typeof createdAt !== 'string' || typeof id !== 'string') return 'invalid';
  const date = new Date(createdAt);
  return Number.isNaN(date.getTime()) ? 'invalid' : { createdAt: date, id };
}

export function createOrderReads(deps: CheckoutDeps) {
  async function view(row: OrderRow): Promise<Order> {
    const [order] = await toOrders(deps.db, [row]);
    return order!;
  }

  async function page(
    query: Omit<OrderListQuery, 'after' | 'limit'>,
    input: ListOrdersInput,
  ): Promise<Result<OrderPage, 'invalid_cursor'>> {
    const after = afterKeys(input.cursor);
    if (after === 'invalid') return fail('invalid_cursor', 'The cursor is not one this list gave out.');
    const limit = Math.min(input.limit ?? limits.pageSizeDefault, checkoutLimits.pageSizeMax);
    const rows = await listOrders(deps.db, { ...query, ...(after === undefined ? {} : { after }), limit });
    const served = rows.slice(0, limit);
    const last = served.at(-1);
    const nextCursor =
      rows.length > limit && last !== undefined ? encodeCursor([last.created_at.toISOString(), last.id]) : null;
    return ok({ items: await toOrders(deps.db, served), nextCursor });
  }

  return {
    async getOrder(orderId: string, access: OrderAccess): Promise<Result<Order, OrderNotFoundCode>> {
      const row = await findOrder(deps.db, orderId);
      return row !== undefined && mayAccess(row, access) ? ok(await view(row)) : notFound();
    },
    async adminGetOrder(orderId: string): Promise<Result<Order, OrderNotFoundCode>> {
      const row = await findOrder(deps.db, orderId);
      return row !== undefined ? ok(await view(row)) : notFound();
    },
    /** A customer's orders; failed checkout attempts are not orders and are left out. */
    listOrders: (customerId: string, input: ListOrdersInput) => page({ customerId, withoutFailed: true }, input),
    adminListOrders: (input: AdminListOrdersInput) =>
      page(input.status === undefined ? {} : { status: input.status }, input),
    view,
  };
}

/**
 * Cancel (a placed order of which no parcel has left): the order becomes `cancelled` at once, in the same transaction that turns its
 * place-order saga around, so the saga's compensations (cancel the shipment, void or
 * refund the payment, release the stock, reopen the cart) then run like any others:
 * persisted, retried, and resumed after a crash.
 */
export function createCancel(
  deps: CheckoutDeps,
  definition: SagaDefinition<PlaceOrderContext>,
  view: (row: OrderRow) => Promise<Order>,
) {
  return async function cancelOrder(orderId: string, access: OrderAccess): Promise<Result<Order, CancelCode>> {
    const found = await findOrder(deps.db, orderId);
    if (found === undefined || !mayAccess(found, access)) return notFound();
    const lease: Lease = deps.runner.newLease(orderId, placeOrderSaga);
    const cancelled = await inResultTransaction(deps.db, async (tx): Promise<Result<OrderRow, CancelCode>> => {
      const order = await lockOrder(tx, orderId);
      if (order === undefined) return notFound();
      const allowed = checkTransition(order.status, 'cancelled', 'order_not_cancellable');
      if (!allowed.ok) return allowed;
      // A parcel already left: the order is shipped in part (fulfillments lock the order row too).
      if ((await countFulfillments(tx, orderId)) > 0)
        return fail('order_not_cancellable', 'Part of the order has shipped.', { status: order.status });
      const now = deps.clock.now();
      const moved = await moveOrder(tx, order, 'cancelled', {}, now);
      if (moved === undefined) throw new Error(`order ${orderId} changed while locked`);
      const failure = { code: 'order_cancelled', message: 'The order was cancelled.' };
      const change = {
        stepsToUndo: definition.steps.length,
        step: definition.steps.at(-1)!.name,
        failure,
        leaseExpiresAt: deps.runner.leaseExpiresAt(),
      };
      if (!(await reopenForCompensation(tx, lease, change, now)))
        throw new Error(`order ${orderId} is placed but its saga is not completed`);
      const data: OrderCancelledData = {
        orderId,
        number: order.number,
        customerId: order.customer_id,
        email: order.email,
        cancelledAt: now.toISOString(),
      };
      await deps.outbox.append(tx, [{ type: checkoutEvents.orderCancelled, data }]);
      return ok(moved);
    });
    if (!cancelled.ok) return cancelled;
    await untilBudget(deps.runner.run(definition, lease), deps.config.requestBudgetMs);
    const row = await findOrder(deps.db, orderId);
    return ok(await view(row ?? cancelled.value));
  };
}
