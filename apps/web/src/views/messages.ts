import type { ApiAnswer } from '../shared/api.ts';
import { failureOf } from '../shared/api.ts';

/**
 * The API's error codes in words a shopper understands. Anything not listed shows the
 * API's own message (API.md promises a human sentence without internals).
 */
const messages: Readonly<Record<string, string>> = {
  insufficient_stock: 'Sorry, there is not enough stock for that quantity.',
  variant_not_found: 'That option is no longer available.',
  cart_full: 'Your cart is full. Check out or remove something first.',
  quantity_limit_exceeded: 'That is more than we can sell in one order.',
  cart_already_checked_out: 'That cart has already been checked out.',
  cart_empty: 'Your cart is empty.',
  item_not_found: 'That item is no longer in your cart.',
  discount_not_found: 'That discount code is not valid.',
  discount_expired: 'That discount code has expired.',
  discount_exhausted: 'That discount code has been used up.',
  discount_min_subtotal: 'Your cart does not reach the minimum for that discount code.',
  payment_declined:
    'Your card was declined. No order was placed and you have not been charged. Please use another card.',
  invalid_credentials: 'The email or password is not right.',
  otp_required: 'Enter the 6-digit code from your authenticator app.',
  invalid_otp: 'That code is not right or has expired. Try the current code.',
  email_taken: 'An account with that email already exists. Sign in instead.',
  weak_password: 'Choose a longer, less common password (at least 8 characters).',
  account_disabled: 'This account is disabled. Please contact us.',
  rate_limited: 'Too many attempts. Please wait a minute and try again.',
  order_not_cancellable: 'This order can no longer be cancelled (it has shipped).',
  return_window_closed: 'The return window for this order has closed.',
  already_reviewed: 'You have already reviewed this product.',
  shipping_method_unavailable: 'That shipping method is not available for your address.',
  address_undeliverable: 'We cannot deliver to that address. Please check it.',
  invalid_country: 'Please choose a country we ship to.',
};

export function shopperMessage(answer: ApiAnswer): string {
  const failure = failureOf(answer);
  if (failure.code === 'insufficient_stock') {
    const available = failure.details?.['available'];
    if (typeof available === 'number')
      return available === 0 ? 'Sorry, that option is sold out.' : `Sorry, only ${available} left in stock.`;
  }
  if (answer.status >= 500) return 'The shop could not do that just now. Please try again in a moment.';
  return messages[failure.code] ?? failure.message;
}
