/**
 * Placing an order: the saga of ARCHITECTURE.md, one step after another.
 *
 *   cart       freeze the cart, price it for the address   ↺ reopen the cart
 *   reserve    hold the stock                               ↺ release the stock
 *   authorize  authorize the payment                        ↺ void it (refund a capture)
 *   ship       book the shipment                            ↺ cancel the shipment
 *   confirm    keep the stock held; the order is placed     ↺ (nothing: see below)
 *
 * The cart comes first because the amount to authorize is the cart priced with the
 * shipping quote and the country's tax, and because a frozen cart cannot change (nor be
 * checked out twice) while the order is being placed.
 *
 * Each forward action answers what its compensation needs; the runner persists it
 * before the next step and hands it back to the compensation. Later steps read it by
 * the step's name, typed (`state.outputs.cart` is the PricedCart): each step's type says
 * what it reads, and the definition at the bottom compiles only when those steps come
 * first. A Result failure is a business outcome (the saga compensates what was done,
 * last first); an exception is an I/O failure (retried with backoff, then
 * compensated). Every participant call carries `${orderId}:${step}` (or the order id,
 * which inventory and the cart key by), so running a step again after a crash has no
 * second effect.
 */
import type { Totals } from '@mercato/cart/contract';
import type { ReservationLine } from '@mercato/inventory/contract';
import type { Payment } from '@mercato/payments/contract';
import type { Tx } from '@mercato/platform/db';
import { assert, fail, type Money, ok } from '@mercato/platform/kernel';
import type { ShippingAddress } from '@mercato/shipping/contract';
import { checkoutEvents, type OrderFailedData, type OrderPlacedData } from '../contract.ts';
import type { CheckoutDeps } from '../service/deps.ts';
import { moveOrder } from '../service/transitions.ts';
import { findOrder, insertItems, lockOrder, setPaymentState, setTotals } from '../store/orders.ts';
import { defineSaga, type SagaDefinition, type SagaState, type SagaStep } from './runner.ts';

export const placeOrderSaga = 'place_order';

/** What the steps know of the order from the start. */
export type PlaceOrderContext = {
  readonly orderId: string;
  readonly number: string;
  readonly cartId: string;
  readonly customerId: string | null;
  readonly email: string;
  readonly address: ShippingAddress;
  readonly method: string;
  readonly paymentMethod: 'test_card';
  /** Kept in the saga row only until the saga ends. */
  readonly paymentToken: string | null;
};

/** The saga's stored input: what the order row does not keep. */
export type PlaceOrderInput = { readonly paymentToken: string };

export type PricedLine = {
  variantId: string;
  productId: string;
  title: string;
  sku: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
};
export type PricedCart = { items: PricedLine[]; totals: Totals };
type Reserved = { lines: ReservationLine[] };
type Authorized = { paymentId: string; amount: Money };
type Booked = { shipmentId: string; trackingNumber: string };
type Confirmed = { placedAt: string };

/** What the steps after the first read: the cart as priced for this order. */
type AfterCart = { readonly cart: PricedCart };

/**
 * A step of this saga, stored under `Name`, answering `Output`, and reading what the
 * earlier steps in `Needs` answered (the definition below checks they come earlier).
 */
type Step<Name extends string, Output, Needs = Record<never, never>> = SagaStep<PlaceOrderContext, Name, Output, Needs>;

export function placeOrderDefinition(deps: CheckoutDeps): SagaDefinition<PlaceOrderContext> {
  const { cart, inventory, payments, shipping } = deps;

  // ── 1. Freeze the cart and price it for the address ─────────────────────────
  const freezeCart: Step<'cart', PricedCart> = {
    name: 'cart',
    unavailableCode: 'checkout_unavailable',
    async run({ orderId, context }) {
      const frozen = await cart.markCheckedOut(context.cartId, orderId);
      if (!frozen.ok)
        return fail(frozen.code === 'cart_merged' ? 'cart_not_found' : frozen.code, frozen.message, frozen.details);
      const { items, totals } = frozen.value;
      const quote = await shipping.quote({
        country: context.address.country,
        method: context.method,
        subtotal: { amount: totals.subtotal.amount - totals.discount.amount, currency: totals.subtotal.currency },
        itemCount: items.reduce((sum, item) => sum + item.quantity, 0),
      });
      if (!quote.ok) return fail('shipping_method_unavailable', quote.message);
      const priced = await cart.priceCart(context.cartId, { country: context.address.country, shipping: quote.value });
      if (!priced.ok) {
        assert(
          priced.code !== 'currency_mismatch',
          `order ${orderId}: the shipping quote is not in the cart's currency`,
        );
        return fail(
          priced.code === 'cart_not_found' ? 'cart_not_found' : 'shipping_method_unavailable',
          priced.message,
        );
      }
      const lines = items.map(({ variantId, productId, title, sku, quantity, unitPrice, lineTotal }) => ({
        ...{ variantId, productId, title, sku, quantity, unitPrice, lineTotal },
      }));
      return ok({ items: lines, totals: priced.value });
    },
    async record(tx, { orderId }, { items, totals }) {
      await insertItems(
        tx,
        items.map((item, position) => ({
          id: `${orderId.replace(/^ord_/, 'oi_')}_${position}`,
          order_id: orderId,
          position,
          variant_id: item.variantId,
          product_id: item.productId,
          sku: item.sku,
          title: item.title,
          quantity: item.quantity,
          unit_price: item.unitPrice.amount,
          line_total: item.lineTotal.amount,
        })),
      );
      const amounts = {
        subtotal: totals.subtotal.amount,
        discount: totals.discount.amount,
        shipping: totals.shipping.amount,
        tax: totals.tax.amount,
        total: totals.total.amount,
      };
      assert(
        await setTotals(tx, orderId, amounts, deps.clock.now()),
        `order ${orderId} left pending while it was priced`,
      );
    },
    async compensate({ orderId, context }) {
      // Another order's freeze or an expired cart leaves nothing for this order to undo.
      await cart.reopenCart(context.cartId, orderId);
    },
  };

  // ── 2. Hold the stock ────────────────────────────────────────────────────────
  const reserveStock: Step<'reserve', Reserved, AfterCart> = {
    name: 'reserve',
    unavailableCode: 'inventory_unavailable',
    async run(state) {
      const lines = state.outputs.cart.items.map(({ sku, quantity }) => ({ sku, quantity }));
      const reserved = await inventory.reserve({ orderId: state.orderId, lines, ttlMs: deps.config.reservationTtlMs });
      if (reserved.ok) return ok({ lines: [...reserved.value.lines] });
      if (reserved.code === 'insufficient_stock') return fail('insufficient_stock', reserved.message, reserved.details);
      if (reserved.code === 'unknown_sku') {
        const unknown = new Set((reserved.details?.['skus'] as string[] | undefined) ?? []);
        const items = lines
          .filter((line) => unknown.has(line.sku))
          .map((line) => ({ sku: line.sku, requested: line.quantity, available: 0 }));
        return fail('insufficient_stock', 'Some items are not in stock.', { items });
      }
      return fail('reservation_expired', reserved.message);
    },
    async compensate({ orderId }) {
      // Also leaves a mark when nothing was reserved, so a late reserve for this order does nothing.
      await inventory.release(orderId);
    },
  };

  // ── 3. Authorize the payment ────────────────────────────────────────────────
  const authorizePayment: Step<'authorize', Authorized, AfterCart> = {
    name: 'authorize',
    unavailableCode: 'payment_provider_unavailable',
    async run(state, key) {
      const { context } = state;
      assert(context.paymentToken !== null, `order ${state.orderId}: authorize ran without a payment token`);
      const amount = state.outputs.cart.totals.total;
      const authorized = await payments.authorize({
        orderId: state.orderId,
        amount,
        method: context.paymentMethod,
        token: context.paymentToken,
        idempotencyKey: key,
      });
      if (authorized.ok) return ok({ paymentId: authorized.value.id, amount });
      // A reused key is a bug here, not an outcome: thrown, so it is retried, logged and compensated.
      if (authorized.code === 'idempotency_key_reused') throw new Error(`payments refused key ${key} as reused`);
      return fail('payment_declined', authorized.message, {
        reason: authorized.details?.['reason'] ?? authorized.code,
      });
    },
    async record(tx, { orderId }, { paymentId }) {
      await setPaymentState(tx, orderId, { payment_id: paymentId, payment_status: 'authorized' }, deps.clock.now());
    },
    async compensate({ orderId }, _authorized, key) {
      // By order, not by the output: an authorization whose answer was lost is found too.
      const found = await payments.findByOrder(orderId);
      for (const [index, payment] of found.entries()) {
        // One payment per order is the rule; should there be more, each gets its own key.
        const status = await releasePayment(payment, index === 0 ? key : `${key}:${payment.id}`);
        if (status !== undefined) await setPaymentState(deps.db, orderId, { payment_status: status }, deps.clock.now());
      }
    },
  };

  /** Voids an authorization, or refunds what a capture took; answers the order's payment status. */
  async function releasePayment(payment: Payment, key: string): Promise<'voided' | 'refunded' | undefined> {
    if (payment.status === 'authorized') {
      const voided = await payments.void({ paymentId: payment.id, idempotencyKey: key });
      if (voided.ok) return 'voided';
      if (voided.code !== 'payment_not_voidable') throw new Error(`could not void ${payment.id}: ${voided.code}`);
      // Captured in the meantime (a fulfillment racing a cancel): refund it instead.
      const fresh = await payments.getPayment(payment.id);
      assert(fresh.ok && fresh.value.status !== 'authorized', `payment ${payment.id} is neither voidable nor gone`);
      return releasePayment(fresh.value, key);
    }
    if (payment.status !== 'captured' && payment.status !== 'partially_refunded') return undefined;
    const amount = { amount: payment.captured.amount - payment.refunded.amount, currency: payment.captured.currency };
    const refunded = await payments.refund({
      paymentId: payment.id,
      amount,
      reason: 'order cancelled',
      idempotencyKey: `${key}:refund`,
    });
    if (!refunded.ok) throw new Error(`could not refund ${payment.id}: ${refunded.code}`);
    return 'refunded';
  }

  // ── 4. Book the shipment ─────────────────────────────────────────────────────
  const bookShipment: Step<'ship', Booked, AfterCart> = {
    name: 'ship',
    unavailableCode: 'shipping_carrier_unavailable',
    async run(state, key) {
      const { context } = state;
      const booked = await shipping.book({
        orderId: state.orderId,
        method: context.method,
        address: context.address,
        items: state.outputs.cart.items.map(({ sku, quantity }) => ({ sku, quantity })),
        idempotencyKey: key,
      });
      if (booked.ok) return ok({ shipmentId: booked.value.id, trackingNumber: booked.value.trackingNumber });
      if (booked.code === 'address_undeliverable' || booked.code === 'shipping_method_unavailable') {
        return fail(booked.code, booked.message);
      }
      throw new Error(`shipping refused the booking of ${state.orderId}: ${booked.code}`);
    },
    async compensate({ orderId }, _booked, key) {
      const cancelled = await shipping.cancel({ orderId, idempotencyKey: key });
      if (!cancelled.ok && cancelled.code !== 'shipment_not_found')
        throw new Error(`could not cancel the shipment of ${orderId}: ${cancelled.code}`);
    },
  };

  // ── 5. Confirm: the order is placed ─────────────────────────────────────────
  const confirmOrder: Step<'confirm', Confirmed, AfterCart> = {
    name: 'confirm',
    unavailableCode: 'inventory_unavailable',
    async run({ orderId }) {
      const confirmed = await inventory.confirm(orderId);
      if (confirmed.ok) return ok({ placedAt: deps.clock.now().toISOString() });
      if (confirmed.code === 'reservation_released') return fail('reservation_expired', confirmed.message);
      throw new Error(`inventory has no reservation for ${orderId}`);
    },
    async record(tx, state, { placedAt }) {
      await placeOrder(tx, state, placedAt);
    },
    // Nothing to undo here: releasing the stock (reserve's compensation) also ends the
    // confirmed hold, and whoever turns a placed order around (cancel) sets its status.
    async compensate() {},
  };

  async function placeOrder(tx: Tx, state: SagaState<PlaceOrderContext, AfterCart>, placedAt: string): Promise<void> {
    const { context, orderId } = state;
    const placed = await moveOrder(
      tx,
      { id: orderId, status: 'pending' },
      'placed',
      { payment_status: 'authorized' },
      deps.clock.now(),
    );
    assert(placed !== undefined, `order ${orderId} was no longer pending when its saga placed it`);
    const { items, totals } = state.outputs.cart;
    const data: OrderPlacedData = {
      orderId,
      number: context.number,
      customerId: context.customerId,
      email: context.email,
      items: items.map(({ variantId, productId, sku, quantity, unitPrice }) => ({
        variantId,
        productId,
        sku,
        quantity,
        unitPrice,
      })),
      total: totals.total,
      placedAt,
    };
    await deps.outbox.append(tx, [{ type: checkoutEvents.orderPlaced, data }]);
  }

  /** The saga compensated: a pending order failed. A cancelled order already says so. */
  async function finished(
    tx: Tx,
    state: SagaState<PlaceOrderContext>,
    end: 'completed' | 'compensated',
  ): Promise<void> {
    if (end === 'completed') return;
    const order = await lockOrder(tx, state.orderId);
    assert(order !== undefined, `order ${state.orderId} vanished`);
    if (order.status === 'cancelled') return;
    const code = state.failure?.code ?? 'checkout_unavailable';
    const paymentStatus =
      order.payment_status !== 'pending' ? order.payment_status : code === 'payment_declined' ? 'failed' : 'none';
    const failed = await moveOrder(
      tx,
      order,
      'failed',
      { failure_code: code, payment_status: paymentStatus },
      deps.clock.now(),
    );
    assert(failed !== undefined, `order ${order.id} changed while locked`);
    const data: OrderFailedData = { orderId: order.id, number: order.number, cartId: order.cart_id, reason: code };
    await deps.outbox.append(tx, [{ type: checkoutEvents.orderFailed, data }]);
  }

  return defineSaga({
    name: placeOrderSaga,
    steps: [freezeCart, reserveStock, authorizePayment, bookShipment, confirmOrder],
    async load(orderId, input: PlaceOrderInput | null) {
      const order = await findOrder(deps.db, orderId);
      assert(order !== undefined, `saga of a missing order ${orderId}`);
      const token = input?.paymentToken ?? null;
      return {
        orderId,
        number: order.number,
        cartId: order.cart_id,
        customerId: order.customer_id,
        email: order.email,
        address: order.shipping_address as ShippingAddress,
        method: order.shipping_method,
        paymentMethod: 'test_card',
        paymentToken: token,
      };
    },
    finished,
  });
}
