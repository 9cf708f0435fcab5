/**
 * The payments contract: what the checkout saga, the admin order endpoints and the app
 * may see. Payments takes a provider token, never a card number or security code: the
 * only payment input any HTTP body may carry is `PaymentInputSchema`, a closed object
 * of `{ method, token }`.
 *
 * Every operation is idempotent by the caller's key: calling it again with the same
 * key and the same input returns the first outcome and has no second effect. Keys are
 * unique across all payments (derive them from the order id and the step:
 * `ord_123:authorize`, `ord_123:capture`, `ord_123:refund:ret_1`).
 *
 * Expected outcomes are Result codes. A provider that cannot be reached or answers 5xx
 * makes the call throw `PaymentProviderUnavailable`: retry it with the same key, with
 * bounded backoff.
 */
import { MoneySchema } from '@mercato/platform/http';
import type { Failure, Money, Result } from '@mercato/platform/kernel';
import { type Static, Type } from 'typebox';

// ── Input from clients ─────────────────────────────────────────────────────────

/** Test tokens of API.md; any other well-formed token is declined as unknown. */
export const testTokens = {
  approves: 'tok_visa',
  declined: 'tok_declined',
  insufficientFunds: 'tok_insufficient_funds',
  providerError: 'tok_error',
  slow: 'tok_slow',
} as const;

export const paymentTokenPattern = '^tok_[a-z_]{1,40}$';
export const paymentMethods = ['test_card'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/**
 * The `payment` object of `POST /api/checkout`: a method and a provider token. Closed,
 * so a body that carries `number`, `cvc` or any other card field is a 400 and never
 * reaches a handler, a log or a table.
 */
export const PaymentInputSchema = Type.Object(
  {
    method: Type.Literal('test_card'),
    token: Type.String({
      pattern: paymentTokenPattern,
      maxLength: 44,
      description: 'A provider token, e.g. tok_visa.',
    }),
  },
  { additionalProperties: false },
);
export type PaymentInput = Static<typeof PaymentInputSchema>;

// ── Read shapes ────────────────────────────────────────────────────────────────

export const paymentStatuses = [
  'authorized',
  'captured',
  'partially_refunded',
  'refunded',
  'voided',
  'failed',
] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const PaymentSchema = Type.Object({
  id: Type.String({ description: 'pay_…' }),
  orderId: Type.String(),
  status: Type.Enum([...paymentStatuses]),
  method: Type.Literal('test_card'),
  /** The authorized amount (for a `failed` payment, the amount that was declined). */
  amount: MoneySchema,
  /** Captured so far; refunds come out of this. */
  captured: MoneySchema,
  refunded: MoneySchema,
  /** The provider's id of the authorization; null when it was declined. */
  providerReference: Type.Union([Type.String(), Type.Null()]),
  /** Why the provider declined (`card_declined`, `insufficient_funds`, `unknown_token`); null otherwise. */
  declineReason: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Payment = Static<typeof PaymentSchema>;

// ── Inputs of the API ──────────────────────────────────────────────────────────

export type AuthorizeInput = {
  readonly orderId: string;
  /** Positive, integer minor units. */
  readonly amount: Money;
  readonly method: PaymentMethod;
  readonly token: string;
  readonly idempotencyKey: string;
};
/** `amount` defaults to the whole authorized amount; a partial capture releases the rest. */
export type CaptureInput = { readonly paymentId: string; readonly amount?: Money; readonly idempotencyKey: string };
export type VoidInput = { readonly paymentId: string; readonly idempotencyKey: string };
export type RefundInput = {
  readonly paymentId: string;
  readonly amount: Money;
  /** Free text for the ledger (max 500 characters). */
  readonly reason: string;
  readonly idempotencyKey: string;
};
export type OpenAuthorizationsQuery = { readonly olderThan: Date; readonly limit: number };

// ── Failure codes ──────────────────────────────────────────────────────────────

/** The same idempotency key was used before for another operation or another input. */
export type KeyReusedCode = 'idempotency_key_reused';
/** Amount not a positive integer, above the limit, or in another currency than the payment. */
export type AmountCode = 'invalid_amount';

/** `details.reason`: `card_declined`, `insufficient_funds` or `unknown_token`; `details.paymentId`. */
export type AuthorizeCode = 'payment_declined' | KeyReusedCode | AmountCode;
export type CaptureCode =
  | 'payment_not_found'
  | 'payment_not_capturable'
  | 'capture_exceeds_authorized'
  | KeyReusedCode
  | AmountCode;
export type VoidCode = 'payment_not_found' | 'payment_not_voidable' | KeyReusedCode;
export type RefundCode =
  | 'payment_not_found'
  | 'payment_not_refundable'
  | 'refund_exceeds_captured'
  | KeyReusedCode
  | AmountCode;
export type PaymentsCode = AuthorizeCode | CaptureCode | VoidCode | RefundCode;
export type PaymentsFailure = Failure<PaymentsCode>;

/**
 * The provider could not be reached or failed with a 5xx. Retryable: the same call
 * with the same idempotency key may be made again; it never charges twice.
 */
export class PaymentProviderUnavailable extends Error {
  override name = 'PaymentProviderUnavailable';
  readonly retryable = true;
}

// ── The API ────────────────────────────────────────────────────────────────────

export interface PaymentsApi {
  /**
   * Authorizes `amount` on the token. Approved: an `authorized` payment and a
   * `payments.payment_authorized` event. Declined: `payment_declined` (402 in API.md)
   * with `details.reason`; the declined attempt is kept as a `failed` payment so a retry
   * with the key answers the same. Throws `PaymentProviderUnavailable` (tok_error).
   * To compensate an authorization whose answer was lost, call this again with the
   * same key (it returns the same payment without a second charge), then `void`.
   */
  authorize(input: AuthorizeInput): Promise<Result<Payment, AuthorizeCode>>;
  /** Captures an `authorized` payment once; `payments.payment_captured`. */
  capture(input: CaptureInput): Promise<Result<Payment, CaptureCode>>;
  /**
   * Releases an `authorized` payment (saga compensation, cancel before fulfillment,
   * reconciliation). Voiding a `voided` payment again answers it unchanged; a captured
   * one is `payment_not_voidable` (refund it instead). `payments.payment_voided`.
   */
  void(input: VoidInput): Promise<Result<Payment, VoidCode>>;
  /**
   * Refunds part or all of what was captured; the sum of refunds never exceeds the
   * captured amount, whatever the concurrency (`refund_exceeds_captured` with
   * `details.refundable`). `payments.payment_refunded`.
   */
  refund(input: RefundInput): Promise<Result<Payment, RefundCode>>;
  getPayment(id: string): Promise<Result<Payment, 'payment_not_found'>>;
  /** Payments of an order, oldest first (at most 20). */
  findByOrder(orderId: string): Promise<Payment[]>;
  /**
   * `authorized` payments created before `olderThan`, oldest first, at most `limit`
   * (≤ 500): for checkout's reconciliation job, which voids those without an order.
   */
  listOpenAuthorizations(query: OpenAuthorizationsQuery): Promise<Payment[]>;
}

// ── Events ─────────────────────────────────────────────────────────────────────

export const paymentsEvents = {
  paymentAuthorized: 'payments.payment_authorized',
  paymentCaptured: 'payments.payment_captured',
  paymentRefunded: 'payments.payment_refunded',
  paymentVoided: 'payments.payment_voided',
} as const;

export type PaymentAuthorizedData = { paymentId: string; orderId: string; amount: Money; method: PaymentMethod };
/** `amount` is this capture; `captured` the payment's total captured after it. */
export type PaymentCapturedData = { paymentId: string; orderId: string; amount: Money; captured: Money };
/** `amount` is this refund; `refunded` the payment's total refunded after it. */
export type PaymentRefundedData = {
  paymentId: string;
  orderId: string;
  amount: Money;
  refunded: Money;
  captured: Money;
  reason: string;
};
export type PaymentVoidedData = { paymentId: string; orderId: string; amount: Money };
