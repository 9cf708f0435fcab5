import { inResultTransaction } from '@mercato/platform/db';
import type { Payment, RefundCode as PaymentRefundCode } from '@mercato/payments/contract';
import { assert, type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Actor,
  checkoutAuditActions,
  checkoutEvents,
  checkoutLimits,
  type Order,
  type OrderRefundedData,
  type RefundCode,
  type RefundInput,
} from '../contract.ts';
import { canTransition } from '../domain/order-status.ts';
import { canMoveReturn } from '../domain/return-status.ts';
import { findOrder, lockOrder, type OrderRow } from '../store/orders.ts';
import {
  countLiveRefunds,
  insertRefund,
  pendingRefunds,
  type RefundRow,
  refundedTotal,
  settleRefund,
} from '../store/refunds.ts';
import { changeReturn, lockReturn } from '../store/returns.ts';
import { orderSnapshot, recordStaffWrite } from './audit.ts';
import type { CheckoutDeps } from './deps.ts';
import { moveOrder } from './transitions.ts';

const notFound = () => fail('order_not_found', 'No such order.');
const refundable = (order: Pick<OrderRow, 'status'>) =>
  canTransition(order.status, 'partially_refunded') || canTransition(order.status, 'refunded');

/**
 * Refunds, each a record: claimed `pending` under the order's row lock (the order must be
 * refundable, a tied return received), then asked of payments with the record's key,
 * then settled. Payments keeps the sum of refunds within the capture whatever the
 * concurrency; the order's `refunded` is the sum of its succeeded refund records and
 * its status follows from it: `refunded` when nothing is left (net 0), else
 * `partially_refunded`. A crash between the call and the settlement leaves the record
 * pending; `recoverRefunds` asks payments again with the same key (it answers the first
 * outcome) and settles it.
 */
export function createRefunds(deps: CheckoutDeps, view: (row: OrderRow) => Promise<Order>) {
  const { db, clock, outbox } = deps;

  async function claim(actor: Actor, order: OrderRow, input: RefundInput): Promise<Result<RefundRow, RefundCode>> {
    return inResultTransaction(db, async (tx): Promise<Result<RefundRow, RefundCode>> => {
      const locked = await lockOrder(tx, order.id);
      assert(locked !== undefined, `order ${order.id} vanished`);
      if (!refundable(locked))
        return fail('order_not_refundable', `An order that is ${locked.status} cannot be refunded.`, {
          status: locked.status,
        });
      if ((await countLiveRefunds(tx, order.id)) >= checkoutLimits.refundsPerOrderMax) {
        return fail('order_not_refundable', `An order takes at most ${checkoutLimits.refundsPerOrderMax} refunds.`, {
          status: locked.status,
        });
      }
      if (input.returnId !== undefined) {
        const tied = await lockReturn(tx, input.returnId);
        if (tied === undefined || tied.order_id !== order.id)
          return fail('return_not_found', 'This order has no such return.');
        if (!canMoveReturn(tied.status, 'refunded'))
          return fail(
            'return_not_refundable',
            `A return that is ${tied.status} cannot be refunded; receive it first.`,
            { status: tied.status },
          );
      }
      const id = deps.ids.next('rfd');
      const now = clock.now();
      const row: RefundRow = {
        id,
        order_id: order.id,
        return_id: input.returnId ?? null,
        status: 'pending',
        currency: order.currency,
        amount: input.amount.amount,
        reason: input.reason,
        idempotency_key: `${order.id}:refund:${id}`,
        refusal_code: null,
        actor_id: actor.id,
        actor_role: actor.role ?? null,
        request_id: actor.requestId ?? null,
        created_at: now,
        settled_at: null,
      };
      await insertRefund(tx, row);
      return ok(row);
    });
  }

  /** Payments refused: nothing moved; the record says so, and the caller hears why. */
  async function refused(
    refund: RefundRow,
    answer: Failure<PaymentRefundCode | 'payment_not_found'>,
  ): Promise<Failure<RefundCode>> {
    await settleRefund(db, refund.id, 'refused', answer.code, clock.now());
    if (answer.code === 'refund_exceeds_captured' || answer.code === 'invalid_amount')
      return fail(answer.code, answer.message, answer.details);
    if (answer.code === 'payment_not_refundable') return fail('order_not_refundable', answer.message);
    throw new Error(`payments refused refund ${refund.id}: ${answer.code}`);
  }

  /** Payments paid it back: the record succeeds, and the order, the return, the event and the audit record follow, once. */
  async function succeeded(refund: RefundRow, payment: Payment): Promise<void> {
    await db.transaction(async (tx) => {
      const locked = await lockOrder(tx, refund.order_id);
      assert(locked !== undefined, `order ${refund.order_id} vanished`);
      const now = clock.now();
      if ((await settleRefund(tx, refund.id, 'succeeded', null, now)) === undefined) return;
      const refunded = await refundedTotal(tx, refund.order_id);
      // Payments never refunds beyond the capture, so neither can the sum of its successes.
      assert(
        refunded <= locked.captured && refund.currency === payment.refunded.currency,
        `order ${refund.order_id}: refunds of ${refunded} exceed the capture`,
      );
      const to = refunded === locked.captured ? 'refunded' : 'partially_refunded';
      // Claimed while refundable; only refund moves (and delivery) can have come between.
      const moved = await moveOrder(tx, locked, to, { refunded, payment_status: to }, now);
      assert(moved !== undefined, `order ${refund.order_id} changed while locked`);
      if (refund.return_id !== null) {
        const tied = await lockReturn(tx, refund.return_id);
        assert(
          tied !== undefined && canMoveReturn(tied.status, 'refunded'),
          `return ${refund.return_id} is no longer refundable`,
        );
        await changeReturn(tx, tied.id, tied.status, 'refunded', { refundedDelta: refund.amount }, now);
      }
      const money = (amount: number) => ({ amount, currency: locked.currency });
      const data: OrderRefundedData = {
        orderId: locked.id,
        number: locked.number,
        amount: money(refund.amount),
        refunded: money(refunded),
        status: to,
        refundId: refund.id,
        returnId: refund.return_id,
        captured: money(locked.captured),
        net: money(locked.captured - refunded),
      };
      await outbox.append(tx, [{ type: checkoutEvents.orderRefunded, data }]);
      const actor = {
        id: refund.actor_id,
        ...(refund.actor_role === null ? {} : { role: refund.actor_role }),
        ...(refund.request_id === null ? {} : { requestId: refund.request_id }),
      };
      const extra = { refundId: refund.id, amount: refund.amount, returnId: refund.return_id };
      const entry = { action: checkoutAuditActions.refundOrder, entityType: 'order' as const, entityId: locked.id };
      await recordStaffWrite(deps, tx, actor, {
        ...entry,
        before: orderSnapshot(locked),
        after: orderSnapshot(moved, extra),
      });
    });
  }

  /** Asks payments (again, after a crash: the same key answers the first outcome) and settles the record. */
  async function settle(refund: RefundRow, paymentId: string): Promise<Result<void, RefundCode>> {
    const answer = await deps.payments.refund({
      paymentId,
      amount: { amount: refund.amount, currency: refund.currency },
      reason: refund.reason,
      idempotencyKey: refund.idempotency_key,
    });
    if (!answer.ok) return refused(refund, answer);
    await succeeded(refund, answer.value);
    return ok(undefined);
  }

  async function refundOrder(actor: Actor, orderId: string, input: RefundInput): Promise<Result<Order, RefundCode>> {
    const order = await findOrder(db, orderId);
    if (order === undefined) return notFound();
    if (
      input.amount.currency !== order.currency ||
      !Number.isSafeInteger(input.amount.amount) ||
      input.amount.amount < 1
    ) {
      return fail('invalid_amount', `A refund is a positive amount in ${order.currency}.`);
    }
    if (!refundable(order))
      return fail('order_not_refundable', `An order that is ${order.status} cannot be refunded.`, {
        status: order.status,
      });
    assert(order.payment_id !== null, `fulfilled order ${orderId} has no payment`);
    const claimed = await claim(actor, order, input);
    if (!claimed.ok) return claimed;
    const settled = await settle(claimed.value, order.payment_id);
    if (!settled.ok) return settled;
    const row = await findOrder(db, orderId);
    assert(row !== undefined, `order ${orderId} vanished`);
    return ok(await view(row));
  }

  /** The recovery pass: refunds pending longer than `refundRecoveryAfterMs` (their request died), settled. */
  async function recoverRefunds(limit = deps.config.recoveryBatchSize): Promise<number> {
    const olderThan = new Date(clock.now().getTime() - deps.config.refundRecoveryAfterMs);
    let settled = 0;
    for (const refund of await pendingRefunds(db, olderThan, Math.min(Math.max(1, limit), 500))) {
      const order = await findOrder(db, refund.order_id);
      assert(order?.payment_id != null, `refund ${refund.id} names an order without a payment`);
      const outcome = await settle(refund, order.payment_id).catch((error: unknown) => {
        deps.logger.warn({ err: error, refundId: refund.id }, 'a pending refund could not be settled yet');
        return undefined;
      });
      if (outcome !== undefined) settled++;
    }
    return settled;
  }

  return { refundOrder, recoverRefunds };
}
