import type { StatusTable } from '@mercato/platform/http';
import type { CheckoutModuleCode } from '../contract.ts';

/** Every checkout failure code and its HTTP status; the compiler refuses a missing code. */
export const checkoutStatuses: StatusTable<CheckoutModuleCode> = {
  cart_not_found: 404,
  cart_empty: 409,
  cart_already_checked_out: 409,
  insufficient_stock: 409,
  reservation_expired: 409,
  payment_declined: 402,
  shipping_method_unavailable: 422,
  address_undeliverable: 422,
  inventory_unavailable: 503,
  payment_provider_unavailable: 503,
  shipping_carrier_unavailable: 503,
  checkout_unavailable: 503,
  discount_expired: 409,
  discount_not_started: 409,
  discount_exhausted: 409,
  discount_min_subtotal: 409,
  discount_requires_account: 409,
  order_not_found: 404,
  order_not_cancellable: 409,
  order_not_fulfillable: 409,
  payment_not_capturable: 409,
  order_not_deliverable: 409,
  order_not_refundable: 409,
  refund_exceeds_captured: 409,
  invalid_amount: 400,
  invalid_items: 400,
  fulfillment_exceeds_remaining: 409,
  return_not_found: 404,
  return_not_refundable: 409,
  order_not_returnable: 409,
  return_window_closed: 409,
  return_exceeds_delivered: 409,
  return_not_acceptable: 409,
  return_not_rejectable: 409,
  return_not_receivable: 409,
  location_not_found: 404,
  return_location_conflict: 409,
  invalid_cursor: 400,
};

/** Seconds a client should wait before retrying a checkout that failed for want of a participant. */
export const unavailableRetryAfterSeconds = 5;
