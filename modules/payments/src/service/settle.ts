import { assert, fail, type Result } from '@mercato/platform/kernel';
import {
  type CaptureCode,
  type CaptureInput,
  type Payment,
  type PaymentCapturedData,
  type PaymentRefundedData,
  paymentsEvents,
  type PaymentVoidedData,
  type RefundCode,
  type RefundInput,
  type VoidCode,
  type VoidInput,
} from '../contract.ts';
import { isValidAmount, isValidKey, sourcesOf } from '../domain/payment.ts';
import { addRefund, markCaptured, markVoided, type PaymentRow } from '../store.ts';
import { type PaymentsDeps, reasonLengthMax } from './deps.ts';
import { runOperation } from './operation.ts';

const money = (amount: number, row: PaymentRow) => ({ amount, currency: row.currency });
const invalidAmount = () =>
  fail('invalid_amount', 'The amount must be positive integer minor units, within the limit, in the payment currency.');

/** The provider's reference of an authorization it approved; failed payments have none and reach no provider. */
function referenceOf(payment: PaymentRow): string {
  assert(payment.provider_reference !== null, `payment ${payment.id} has no provider reference`);
  return payment.provider_reference;
}

export function createCapture(deps: PaymentsDeps) {
  const notCapturable = (row: PaymentRow) =>
    fail('payment_not_capturable', `A payment that is ${row.status} cannot be captured.`, { status: row.status });
  return async function capture(input: CaptureInput): Promise<Result<Payment, CaptureCode>> {
    assert(isValidKey(input.idempotencyKey), 'capture needs an idempotency key of 1-255 characters');
    if (input.amount !== undefined && !isValidAmount(input.amount, deps.amountMax)) return invalidAmount();
    return runOperation<CaptureCode>(deps, {
      kind: 'capture',
      paymentId: input.paymentId,
      idempotencyKey: input.idempotencyKey,
      requestedAmount: input.amount?.amount,
      reason: null,
      amountOf: (row) => input.amount?.amount ?? row.amount,
      check(row, amount) {
        if (input.amount !== undefined && input.amount.currency !== row.currency) return invalidAmount();
        if (row.status !== 'authorized') return notCapturable(row);
        if (amount > row.amount) {
          return fail('capture_exceeds_authorized', 'The capture exceeds the authorized amount.', {
            authorized: money(row.amount, row),
          });
        }
        return undefined;
      },
      apply: (tx, row, amount) =>
        markCaptured(tx, {
          id: row.id,
          amount,
          currency: row.currency,
          sources: sourcesOf('captured'),
          now: deps.clock.now(),
        }),
      explain: notCapturable,
      callProvider: (row, entry) =>
        deps.provider.capture({
          idempotencyKey: entry.idempotency_key,
          authorizationReference: referenceOf(row),
          amount: money(entry.amount, row),
        }),
      event(row, entry) {
        const data: PaymentCapturedData = {
          paymentId: row.id,
          orderId: row.order_id,
          amount: money(entry.amount, row),
          captured: money(row.captured_amount, row),
        };
        return { type: paymentsEvents.paymentCaptured, data };
      },
    });
  };
}

export function createVoid(deps: PaymentsDeps) {
  // Voiding what is already voided is the effect the caller wants: answer it, write nothing.
  const explain = (row: PaymentRow) =>
    row.status === 'voided'
      ? { settled: row }
      : fail('payment_not_voidable', `A payment that is ${row.status} cannot be voided.`, { status: row.status });
  return function voidPayment(input: VoidInput): Promise<Result<Payment, VoidCode>> {
    assert(isValidKey(input.idempotencyKey), 'void needs an idempotency key of 1-255 characters');
    return runOperation<VoidCode>(deps, {
      kind: 'void',
      paymentId: input.paymentId,
      idempotencyKey: input.idempotencyKey,
      requestedAmount: undefined,
      reason: null,
      amountOf: (row) => row.amount - row.captured_amount,
      check: (row) => (row.status === 'authorized' ? undefined : explain(row)),
      apply: (tx, row) => markVoided(tx, { id: row.id, sources: sourcesOf('voided'), now: deps.clock.now() }),
      explain,
      callProvider: (row, entry) =>
        deps.provider.void({ idempotencyKey: entry.idempotency_key, authorizationReference: referenceOf(row) }),
      event(row, entry) {
        const data: PaymentVoidedData = { paymentId: row.id, orderId: row.order_id, amount: money(entry.amount, row) };
        return { type: paymentsEvents.paymentVoided, data };
      },
    });
  };
}

export function createRefund(deps: PaymentsDeps) {
  const refundable = sourcesOf('partially_refunded', 'refunded');
  const explain = (row: PaymentRow) =>
    refundable.includes(row.status)
      ? fail('refund_exceeds_captured', 'The refund exceeds what was captured and not yet refunded.', {
          refundable: money(row.captured_amount - row.refunded_amount, row),
        })
      : fail('payment_not_refundable', `A payment that is ${row.status} cannot be refunded.`, { status: row.status });
  return async function refund(input: RefundInput): Promise<Result<Payment, RefundCode>> {
    assert(isValidKey(input.idempotencyKey), 'refund needs an idempotency key of 1-255 characters');
    if (!isValidAmount(input.amount, deps.amountMax)) return invalidAmount();
    return runOperation<RefundCode>(deps, {
      kind: 'refund',
      paymentId: input.paymentId,
      idempotencyKey: input.idempotencyKey,
      requestedAmount: input.amount.amount,
      // Free text for the ledger only; longer reasons are cut rather than refused.
      reason: String(input.reason).slice(0, reasonLengthMax),
      amountOf: () => input.amount.amount,
      check(row) {
        if (input.amount.currency !== row.currency) return invalidAmount();
        return refundable.includes(row.status) ? undefined : explain(row);
      },
      apply: (tx, row, amount) =>
        addRefund(tx, { id: row.id, amount, currency: row.currency, sources: refundable, now: deps.clock.now() }),
      explain,
      callProvider: (row, entry) =>
        deps.provider.refund({
          idempotencyKey: entry.idempotency_key,
          authorizationReference: referenceOf(row),
          amount: money(entry.amount, row),
        }),
      event(row, entry) {
        const data: PaymentRefundedData = {
          paymentId: row.id,
          orderId: row.order_id,
          amount: money(entry.amount, row),
          refunded: money(row.refunded_amount, row),
          captured: money(row.captured_amount, row),
          reason: entry.reason ?? '',
        };
        return { type: paymentsEvents.paymentRefunded, data };
      },
    });
  };
}
