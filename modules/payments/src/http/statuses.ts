import type { StatusTable } from '@mercato/platform/http';
import type { PaymentsCode } from '../contract.ts';

/**
 * Every payments failure code and its HTTP status; the compiler refuses a missing code.
 * Checkout and the admin order endpoints answer these for their own routes.
 */
export const paymentsStatuses: StatusTable<PaymentsCode> = {
  payment_declined: 402,
  payment_not_found: 404,
  payment_not_capturable: 409,
  capture_exceeds_authorized: 409,
  payment_not_voidable: 409,
  payment_not_refundable: 409,
  refund_exceeds_captured: 409,
  idempotency_key_reused: 422,
  invalid_amount: 400,
};
