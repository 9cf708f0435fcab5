/**
 * The checkout's contract: placing orders (the saga) and the orders it owns. What the
 * app, tests and later modules (reviews, notifications) may see. Read shapes are
 * TypeBox schemas: they validate and serialize HTTP answers and feed the OpenAPI
 * document.
 */
import { type DiscountProblemCode, TotalsSchema } from '@mercato/cart/contract';
import { MoneySchema } from '@mercato/platform/http';
import type { Money, Result } from '@mercato/platform/kernel';
import { type PaymentInput, paymentMethods } from '@mercato/payments/contract';
import { type ShippingAddress, ShippingAddressSchema, shippingMethodIds } from '@mercato/shipping/contract';
import { type Static, Type } from 'typebox';
import {
  FulfillmentSchema,
  type ItemQuantity,
  RefundSchema,
  type Return,
  type ReturnPage,
  ReturnSchema,
  type ReturnStatus,
} from './contract/after-order.ts';

export * from './contract/after-order.ts';

// ── Limits ──────────────────────────────────────────────────────────────────────

export const checkoutLimits = Object.freeze({
  emailLengthMax: 254,
  /** Orders one page lists at most (API.md: lists take limit ≤ 100). */
  pageSizeMax: 100,
  refundReasonLengthMax: 500,
  carrierLengthMax: 100,
  trackingNumberLengthMax: 100,
  returnReasonLengthMax: 500,
  /** Parcels one order may be fulfilled in. */
  fulfillmentsPerOrderMax: 50,
  /** Return requests one order may have (rejected ones included). */
  returnsPerOrderMax: 20,
  /** Refunds one order may have (pending and succeeded; refused ones do not count). */
  refundsPerOrderMax: 50,
  /** Lines of one fulfillment or return request (an order has at most 50). */
  requestItemsMax: 100,
  /** Units of one order line (a cart line holds at most 999). */
  itemQuantityMax: 999,
});

// ── Read shapes (API.md "Checkout and orders") ─────────────────────────────────

/** Every status an order can have; which follow which is `domain/order-status.ts`. */
export const orderStatuses = [
  'pending',
  'placed',
  'fulfilled',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
  'failed',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

/**
 * The order's view of its payment: `pending` until authorized, `none` when the order
 * failed before any authorization; afterwards the payment's own status.
 */
export const orderPaymentStatuses = [
  'pending',
  'none',
  'authorized',
  'captured',
  'voided',
  'partially_refunded',
  'refunded',
  'failed',
] as const;
export type OrderPaymentStatus = (typeof orderPaymentStatuses)[number];

/** A copy of a cart line as it was checked out, with how much of it was shipped and returned. */
export const OrderItemSchema = Type.Object({
  /** `oi_…` */
  id: Type.String(),
  variantId: Type.String(),
  productId: Type.String(),
  title: Type.String(),
  sku: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  unitPrice: MoneySchema,
  lineTotal: MoneySchema,
  /** Added to API.md's fields: units shipped so far (in every parcel). */
  fulfilledQuantity: Type.Integer({ minimum: 0 }),
  /** Added to API.md's fields: units in return requests that were not rejected. */
  returnedQuantity: Type.Integer({ minimum: 0 }),
});
export type OrderItem = Static<typeof OrderItemSchema>;

export const OrderSchema = Type.Object({
  /** `ord_…` */
  id: Type.String(),
  /** Human-friendly and sequential: `M-100001`. */
  number: Type.String(),
  status: Type.Enum([...orderStatuses]),
  email: Type.String(),
  /** Empty while a just-created order has not yet taken its lines from the cart. */
  items: Type.Array(OrderItemSchema),
  totals: TotalsSchema,
  shippingAddress: ShippingAddressSchema,
  shippingMethod: Type.Enum([...shippingMethodIds]),
  /** API.md's `{ status, method }`, plus the money: `net = captured − refunded`, always. */
  payment: Type.Object({
    status: Type.Enum([...orderPaymentStatuses]),
    method: Type.Enum([...paymentMethods]),
    captured: MoneySchema,
    refunded: MoneySchema,
    net: MoneySchema,
  }),
  /** Added to API.md's fields: the first parcel's carrier and tracking number (the shipment the carrier booked), else null. */
  shipment: Type.Union([Type.Object({ carrier: Type.String(), trackingNumber: Type.String() }), Type.Null()]),
  /** Added to API.md's fields: every parcel, oldest first. */
  fulfillments: Type.Array(FulfillmentSchema),
  /** Added to API.md's fields: when all of it was delivered (the return window counts from here). */
  deliveredAt: Type.Union([Type.String(), Type.Null()]),
  /** Added to API.md's fields: return requests, oldest first. */
  returns: Type.Array(ReturnSchema),
  /** Added to API.md's fields: every refund asked for, oldest first; the succeeded ones add up to `refunded`. */
  refunds: Type.Array(RefundSchema),
  /** Added to API.md's fields: what was refunded so far (the same as `payment.refunded`). */
  refunded: MoneySchema,
  /** Added to API.md's fields: the owning customer, null for a guest order. */
  customerId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  /** Only in the checkout answer, and only once: a guest reads the order with `?token=`. */
  accessToken: Type.Optional(Type.String()),
});
export type Order = Static<typeof OrderSchema>;

export const OrderPageSchema = Type.Object({
  items: Type.Array(OrderSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type OrderPage = Static<typeof OrderPageSchema>;

// ── Inputs ──────────────────────────────────────────────────────────────────────

export type CheckoutInput = {
  readonly cartId: string;
  readonly email: string;
  readonly shippingAddress: ShippingAddress;
  readonly shippingMethod: string;
  readonly payment: PaymentInput;
  /** The caller: a customer's id, or null for a guest. */
  readonly customerId: string | null;
  /**
   * The caller's `Idempotency-Key` (with its scope). A retry of a checkout whose first
   * answer was lost (a crash) finds the order it created instead of making another.
   */
  readonly requestKey?: string;
};

/** How a caller proves it may see an order: its customer, or the guest's access token. */
export type OrderAccess = { readonly customerId: string | null; readonly token?: string };

export type ListOrdersInput = { readonly limit?: number; readonly cursor?: string };
export type AdminListOrdersInput = ListOrdersInput & { readonly status?: OrderStatus };

/** A staff member acting on an order, for the audit log. */
export type Actor = { readonly id: string; readonly role?: string; readonly requestId?: string };

export type FulfillInput = {
  readonly carrier: string;
  readonly trackingNumber: string;
  /** The parcel's units; absent: everything not yet fulfilled. */
  readonly items?: readonly ItemQuantity[];
};
export type RefundInput = {
  readonly amount: Money;
  readonly reason: string;
  /** The received return this refund pays back (optional). */
  readonly returnId?: string;
};
export type ReturnRequestInput = { readonly items: readonly ItemQuantity[]; readonly reason: string };
export type ReceiveReturnInput = {
  /** Where the goods go back into stock; default the location fixed by an earlier try, else `loc_default`. */
  readonly locationId?: string;
};
export type AdminListReturnsInput = ListOrdersInput & { readonly status?: ReturnStatus };

// ── Failure codes ───────────────────────────────────────────────────────────────

/**
 * What a checkout can answer besides an order. `insufficient_stock` carries
 * `details.items` ({ sku, requested, available }); `payment_declined` carries
 * `details.reason`. `reservation_expired`: the stock held for the order was released
 * (its hold lapsed) before the order was placed. The `*_unavailable` codes: a participant kept failing (I/O) through
 * every retry, and the saga compensated; nothing was reserved or charged.
 */
export type CheckoutCode =
  | 'cart_not_found'
  | 'cart_empty'
  | 'cart_already_checked_out'
  | 'insufficient_stock'
  | 'reservation_expired'
  | 'payment_declined'
  | 'shipping_method_unavailable'
  | 'address_undeliverable'
  | 'inventory_unavailable'
  | 'payment_provider_unavailable'
  | 'shipping_carrier_unavailable'
  | 'checkout_unavailable'
  /** The discount code the cart holds does not apply any more (checked again when the cart is frozen). */
  | DiscountProblemCode;
export type OrderNotFoundCode = 'order_not_found';
export type CancelCode = OrderNotFoundCode | 'order_not_cancellable';
/**
 * `invalid_items`: an unknown or repeated order item, or an empty list.
 * `fulfillment_exceeds_remaining`: more units than are left to ship
 * (`details.items: [{ orderItemId, requested, available }]`).
 */
export type FulfillCode =
  | OrderNotFoundCode
  | 'order_not_fulfillable'
  | 'payment_not_capturable'
  | 'invalid_items'
  | 'fulfillment_exceeds_remaining';
export type DeliverCode = OrderNotFoundCode | 'order_not_deliverable';
/**
 * `refund_exceeds_captured` carries `details.refundable` (Money). `return_not_found`: no
 * such return on this order; `return_not_refundable`: the return was not received.
 */
export type RefundCode =
  | OrderNotFoundCode
  | 'order_not_refundable'
  | 'refund_exceeds_captured'
  | 'invalid_amount'
  | 'return_not_found'
  | 'return_not_refundable';
/**
 * `order_not_returnable`: not delivered (or nothing left to return). `return_window_closed`:
 * delivered longer ago than `returnWindowMs` (`details.closedAt`). `return_exceeds_delivered`:
 * more units than were delivered and not yet returned (`details.items: [{ orderItemId,
 * requested, available }]`).
 */
export type ReturnRequestCode =
  | OrderNotFoundCode
  | 'order_not_returnable'
  | 'return_window_closed'
  | 'invalid_items'
  | 'return_exceeds_delivered';
export type ReturnNotFoundCode = 'return_not_found';
export type AcceptReturnCode = ReturnNotFoundCode | 'return_not_acceptable';
export type RejectReturnCode = ReturnNotFoundCode | 'return_not_rejectable';
/**
 * `location_not_found`: inventory knows no such location. `return_location_conflict`: an
 * earlier try fixed another location (`details.locationId`); receive there.
 */
export type ReceiveReturnCode =
  | ReturnNotFoundCode
  | 'return_not_receivable'
  | 'location_not_found'
  | 'return_location_conflict';
export type CheckoutModuleCode =
  | CheckoutCode
  | CancelCode
  | FulfillCode
  | DeliverCode
  | RefundCode
  | ReturnRequestCode
  | AcceptReturnCode
  | RejectReturnCode
  | ReceiveReturnCode
  | 'invalid_cursor';

/** A placed order, or one still pending when the request's time budget ran out. */
export type CheckoutOutcome = { readonly order: Order; readonly outcome: 'placed' | 'pending' };

// ── The API ─────────────────────────────────────────────────────────────────────

export interface CheckoutApi {
  /**
   * Places an order from a cart: creates it `pending`, runs the place-order saga, and
   * answers when the saga ends or the request budget runs out (then `pending`; the
   * saga goes on and the order becomes `placed` or `failed`). A failure leaves no
   * reservation and no authorization behind.
   */
  checkout(input: CheckoutInput): Promise<Result<CheckoutOutcome, CheckoutCode>>;
  /** The order if `access` may see it: its customer, or the guest token; else not found. */
  getOrder(orderId: string, access: OrderAccess): Promise<Result<Order, OrderNotFoundCode>>;
  /** A customer's orders, newest first. */
  listOrders(customerId: string, input: ListOrdersInput): Promise<Result<OrderPage, 'invalid_cursor'>>;
  /**
   * Cancels a placed order: `cancelled` at once, then the saga's compensations give the
   * stock back, void the authorization (or refund a capture) and cancel the shipment.
   */
  cancelOrder(orderId: string, access: OrderAccess): Promise<Result<Order, CancelCode>>;
  /** Staff: every order, newest first, optionally of one status. */
  adminListOrders(input: AdminListOrdersInput): Promise<Result<OrderPage, 'invalid_cursor'>>;
  /** Staff: any order by id. */
  adminGetOrder(orderId: string): Promise<Result<Order, OrderNotFoundCode>>;
  /**
   * Staff: ships a parcel of `input.items` (absent: all that is left). The first parcel
   * captures the whole payment; the units leave stock where the reservation held them;
   * the order stays `placed` until nothing is left, then `fulfilled`. Audited.
   */
  fulfillOrder(actor: Actor, orderId: string, input: FulfillInput): Promise<Result<Order, FulfillCode>>;
  /** Staff: the shipment arrived; `delivered` (a refunded order keeps its status and records the time). Audited. */
  deliverOrder(actor: Actor, orderId: string): Promise<Result<Order, DeliverCode>>;
  /** Staff: refunds part or all of what was captured, never more, optionally for a received return. Audited. */
  refundOrder(actor: Actor, orderId: string, input: RefundInput): Promise<Result<Order, RefundCode>>;
  /** The customer (or guest with the token) asks to send delivered items back, within the return window. */
  requestReturn(
    orderId: string,
    access: OrderAccess,
    input: ReturnRequestInput,
  ): Promise<Result<Return, ReturnRequestCode>>;
  /** Staff: every return, newest first, optionally of one status. */
  adminListReturns(input: AdminListReturnsInput): Promise<Result<ReturnPage, 'invalid_cursor'>>;
  /** Staff: requested → accepted. Audited. */
  acceptReturn(actor: Actor, returnId: string): Promise<Result<Return, AcceptReturnCode>>;
  /** Staff: requested → rejected (its units may be asked for again). Audited. */
  rejectReturn(actor: Actor, returnId: string): Promise<Result<Return, RejectReturnCode>>;
  /** Staff: the goods arrived: back into stock at the location, accepted → received. Idempotent. Audited. */
  receiveReturn(actor: Actor, returnId: string, input: ReceiveReturnInput): Promise<Result<Return, ReceiveReturnCode>>;
  /** Settles up to `limit` refunds a crash left pending (asks payments again with the same key). Answers how many. */
  recoverRefunds(limit?: number): Promise<number>;
  /**
   * Resumes up to `limit` sagas left unfinished (their lease expired: the process that
   * ran them died) and waits for them. Run by the recovery poller; tests call it.
   */
  recoverSagas(limit?: number): Promise<number>;
  /** Voids authorizations older than the configured age whose order is not placed. Answers how many. */
  reconcileAuthorizations(limit?: number): Promise<number>;
}

// ── Events ──────────────────────────────────────────────────────────────────────

export const checkoutEvents = {
  orderPlaced: 'checkout.order_placed',
  orderFailed: 'checkout.order_failed',
  orderCancelled: 'orders.order_cancelled',
  orderFulfilled: 'orders.order_fulfilled',
  orderDelivered: 'orders.order_delivered',
  orderRefunded: 'orders.order_refunded',
  returnRequested: 'orders.return_requested',
  returnReceived: 'orders.return_received',
} as const;

export type OrderEventItem = { variantId: string; productId: string; sku: string; quantity: number; unitPrice: Money };

export type OrderPlacedData = {
  orderId: string;
  number: string;
  customerId: string | null;
  email: string;
  items: OrderEventItem[];
  total: Money;
  placedAt: string;
};
/** `reason` is the failure code (`payment_declined`, `insufficient_stock`, …). */
export type OrderFailedData = { orderId: string; number: string; cartId: string; reason: string };
export type OrderCancelledData = {
  orderId: string;
  number: string;
  customerId: string | null;
  email: string;
  cancelledAt: string;
};
/** A line of a parcel or a return in events. */
export type OrderEventQuantity = { orderItemId: string; sku: string; quantity: number };
/**
 * Published for every parcel (notifications tell the buyer each tracking number).
 * `complete`: this parcel shipped the last units, and the order became `fulfilled`.
 */
export type OrderFulfilledData = {
  orderId: string;
  number: string;
  customerId: string | null;
  email: string;
  carrier: string;
  trackingNumber: string;
  fulfillmentId: string;
  items: OrderEventQuantity[];
  complete: boolean;
};
/** Reviews read `customerId` and the items' `productId` (verified purchases). */
export type OrderDeliveredData = {
  orderId: string;
  number: string;
  customerId: string | null;
  items: OrderEventItem[];
};
/**
 * `amount` is this refund, `refunded` the order's total refunded after it (what
 * notifications read); `captured − refunded = net`.
 */
export type OrderRefundedData = {
  orderId: string;
  number: string;
  amount: Money;
  refunded: Money;
  status: OrderStatus;
  refundId: string;
  returnId: string | null;
  captured: Money;
  net: Money;
};
export type ReturnRequestedData = {
  returnId: string;
  orderId: string;
  number: string;
  customerId: string | null;
  email: string;
  items: OrderEventQuantity[];
  reason: string;
  requestedAt: string;
};
export type ReturnReceivedData = {
  returnId: string;
  orderId: string;
  number: string;
  locationId: string;
  items: OrderEventQuantity[];
  receivedAt: string;
};

/** Audit `action` of each staff write. */
export const checkoutAuditActions = {
  fulfillOrder: 'checkout.fulfill_order',
  deliverOrder: 'checkout.deliver_order',
  refundOrder: 'checkout.refund_order',
  acceptReturn: 'checkout.accept_return',
  rejectReturn: 'checkout.reject_return',
  receiveReturn: 'checkout.receive_return',
} as const;
