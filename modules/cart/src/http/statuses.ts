import type { StatusTable } from '@mercato/platform/http';
import type { CartCode } from '../contract.ts';

/** Every cart failure code and its HTTP status; the compiler refuses a missing code. */
export const cartStatuses: StatusTable<CartCode> = {
  cart_not_found: 404,
  variant_not_found: 404,
  item_not_found: 404,
  cart_already_checked_out: 409,
  cart_merged: 409,
  cart_full: 409,
  cart_empty: 409,
  cart_checked_out_by_another_order: 409,
  insufficient_stock: 409,
  quantity_limit_exceeded: 409,
  invalid_quantity: 400,
  invalid_country: 400,
  currency_mismatch: 400,
  discount_not_found: 404,
  discount_expired: 409,
  discount_not_started: 409,
  discount_exhausted: 409,
  discount_min_subtotal: 409,
  discount_requires_account: 409,
  code_taken: 409,
  usage_limit_below_used: 409,
  invalid_discount: 400,
  invalid_cursor: 400,
};
