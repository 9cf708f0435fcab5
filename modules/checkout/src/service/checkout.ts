import { type Cart, discountProblemCodes } from '@mercato/cart/contract';
import { uniqueViolation } from '@mercato/platform/db';
import { fail, type IdGenerator, ok, type Result } from '@mercato/platform/kernel';
import type { CheckoutCode, CheckoutInput, CheckoutOutcome } from '../contract.ts';
import { type PlaceOrderContext, type PlaceOrderInput, placeOrderSaga } from '../saga/place-order.ts';
import type { Lease, SagaDefinition } from '../saga/runner.ts';
import {
  findLiveOrderByRequestKey,
  findOrder,
  insertOrder,
  nextOrderNumber,
  type OrderRow,
  replaceAccessToken,
} from '../store/orders.ts';
import { findSaga, insertSaga } from '../store/sagas.ts';
import { untilBudget } from './budget.ts';
import type { CheckoutDeps } from './deps.ts';
import { loadParts, sha256Hex, toOrder } from './views.ts';

const checkoutCodes: readonly string[] = [
  'cart_not_found',
  'cart_empty',
  'cart_already_checked_out',
  'insufficient_stock',
  'reservation_expired',
  'payment_declined',
  'shipping_method_unavailable',
  'address_undeliverable',
  'inventory_unavailable',
  'payment_provider_unavailable',
  'shipping_carrier_unavailable',
  'checkout_unavailable',
  ...discountProblemCodes,
] satisfies readonly CheckoutCode[];

type Created = { readonly order: OrderRow; readonly lease: Lease; readonly accessToken: string | undefined };

/** A guest's access token: 256 random bits. Only its hash is stored. */
function newAccessToken(ids: IdGenerator): string {
  return `oat_${Buffer.from(ids.random(32)).toString('base64url')}`;
}

/**
 * `POST /api/checkout`: creates the order `pending` with its saga (held by this process)
 * in one transaction, runs the saga, and answers when it ends or when the request's
 * time budget runs out, whichever comes first.
 */
export function createCheckout(deps: CheckoutDeps, definition: SagaDefinition<PlaceOrderContext>) {
  async function createOrder(
    input: CheckoutInput,
    cart: Cart,
    requestKey: string | null,
  ): Promise<Result<Created, CheckoutCode>> {
    const now = deps.clock.now();
    const accessToken = input.customerId === null ? newAccessToken(deps.ids) : undefined;
    const id = deps.ids.next('ord');
    const lease = deps.runner.newLease(id, placeOrderSaga);
    const { totals } = cart;
    const sagaInput: PlaceOrderInput = { paymentToken: input.payment.token };
    try {
      const order = await deps.db.transaction(async (tx) => {
        const row: OrderRow = {
          id,
          number: await nextOrderNumber(tx),
          status: 'pending',
          cart_id: cart.id,
          customer_id: input.customerId,
          email: input.email,
          access_token_hash: accessToken === undefined ? null : sha256Hex(accessToken),
          request_key: requestKey,
          shipping_address: { ...input.shippingAddress },
          shipping_method: input.shippingMethod,
          currency: totals.total.currency,
          subtotal: totals.subtotal.amount,
          discount: totals.discount.amount,
          shipping: totals.shipping.amount,
          tax: totals.tax.amount,
          total: totals.total.amount,
          payment_method: input.payment.method,
          payment_status: 'pending',
          payment_id: null,
          captured: 0,
          refunded: 0,
          carrier: null,
          tracking_number: null,
          failure_code: null,
          created_at: now,
          updated_at: now,
        };
        await insertOrder(tx, row);
        const saga = {
          order_id: id,
          saga: placeOrderSaga,
          status: 'running' as const,
          step_index: 0,
          step: definition.steps[0]!.name,
        };
        await insertSaga(
          tx,
          { ...saga, input: sagaInput, lease_owner: lease.owner, lease_expires_at: deps.runner.leaseExpiresAt() },
          now,
        );
        return row;
      });
      return ok({ order, lease, accessToken });
    } catch (error) {
      // Another checkout of this cart (or, after a takeover of the key, of this very request) came first.
      const constraint = uniqueViolation(error);
      if (constraint === 'orders_live_per_cart' || constraint === 'orders_live_per_request') {
        return fail('cart_already_checked_out', 'An order is already being placed from this cart.');
      }
      throw error;
    }
  }

  /**
   * An advisory look at stock before any order exists: once a flash sale is sold out,
   * turning shoppers away here costs one read instead of a saga. It guarantees nothing
   * (stock can go between this read and the reservation): the reserve step does.
   */
  async function shortages(cart: Cart): Promise<{ sku: string; requested: number; available: number }[]> {
    const available = await deps.inventory.availability(cart.items.map((item) => item.sku));
    return cart.items
      .map((item) => ({ sku: item.sku, requested: item.quantity, available: available[item.sku] ?? 0 }))
      .filter((line) => line.available < line.requested);
  }

  /** The order as the checkout answers it: placed, still pending, or the failure its saga recorded. */
  async function answer(
    orderId: string,
    accessToken: string | undefined,
  ): Promise<Result<CheckoutOutcome, CheckoutCode>> {
    const row = await findOrder(deps.db, orderId);
    if (row === undefined) throw new Error(`order ${orderId} vanished`);
    if (row.status === 'failed') {
      const failure = (await findSaga(deps.db, orderId, placeOrderSaga))?.failure ?? null;
      const code =
        failure !== null && checkoutCodes.includes(failure.code)
          ? (failure.code as CheckoutCode)
          : 'checkout_unavailable';
      return fail(code, failure?.message ?? 'The order could not be placed.', failure?.details);
    }
    const order = toOrder(row, await loadParts(deps.db, [orderId]), accessToken);
    return ok({ order, outcome: row.status === 'pending' ? 'pending' : 'placed' });
  }

  /** A retry whose first answer was lost: the same order; a guest gets a fresh token (the first one never arrived). */
  async function answerExisting(row: OrderRow): Promise<Result<CheckoutOutcome, CheckoutCode>> {
    let accessToken: string | undefined;
    if (row.access_token_hash !== null) {
      accessToken = newAccessToken(deps.ids);
      await replaceAccessToken(deps.db, row.id, sha256Hex(accessToken));
    }
    return answer(row.id, accessToken);
  }

  return async function checkout(input: CheckoutInput): Promise<Result<CheckoutOutcome, CheckoutCode>> {
    const requestKey = input.requestKey === undefined ? null : sha256Hex(input.requestKey);
    if (requestKey !== null) {
      const existing = await findLiveOrderByRequestKey(deps.db, requestKey);
      if (existing !== undefined) return answerExisting(existing);
    }
    const found = await deps.cart.getCart(input.cartId, input.customerId);
    if (!found.ok || found.value.status === 'merged') return fail('cart_not_found', 'No such cart.');
    const cart = found.value;
    if (cart.status === 'checked_out')
      return fail('cart_already_checked_out', 'This cart has been checked out already.');
    if (cart.items.length === 0) return fail('cart_empty', 'The cart is empty.');
    const short = await shortages(cart);
    if (short.length > 0)
      return fail('insufficient_stock', 'Some items are not in stock in the quantity asked for.', { items: short });
    const created = await createOrder(input, cart, requestKey);
    if (!created.ok) {
      const twin = requestKey === null ? undefined : await findLiveOrderByRequestKey(deps.db, requestKey);
      return twin === undefined ? created : answerExisting(twin);
    }
    const { order, lease, accessToken } = created.value;
    await untilBudget(deps.runner.run(definition, lease), deps.config.requestBudgetMs);
    return answer(order.id, accessToken);
  };
}
