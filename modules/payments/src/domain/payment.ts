import type { Money } from '@mercato/platform/kernel';
import type { PaymentStatus } from '../contract.ts';

/**
 * The payment state machine. Every status change in the store is a conditional UPDATE
 * whose `WHERE status = ANY(…)` comes from this table, so a change from a state not
 * listed here matches no row and is answered as a failure, never a silent no-op.
 * `failed` (declined) is created as such and never changes.
 */
export const paymentTransitions: { readonly [From in PaymentStatus]: readonly PaymentStatus[] } = {
  authorized: ['captured', 'voided'],
  captured: ['partially_refunded', 'refunded'],
  partially_refunded: ['partially_refunded', 'refunded'],
  refunded: [],
  voided: [],
  failed: [],
};

export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return paymentTransitions[from].includes(to);
}

/** The states from which `to` may be reached. */
export function sourcesOf(...targets: readonly PaymentStatus[]): PaymentStatus[] {
  const sources = Object.keys(paymentTransitions) as PaymentStatus[];
  return sources.filter((from) => targets.some((to) => canTransition(from, to)));
}

/** After a refund: fully refunded once the refunds reach what was captured. */
export function statusAfterRefund(capturedAmount: number, refundedAmount: number): PaymentStatus {
  return refundedAmount >= capturedAmount ? 'refunded' : 'partially_refunded';
}

const currencyPattern = /^[A-Z]{3}$/;

/** A payable amount: a positive safe integer of minor units, at most `amountMax`, in `currency` when given. */
export function isValidAmount(amount: Money, amountMax: number, currency?: string): boolean {
  if (!Number.isSafeInteger(amount.amount) || amount.amount < 1 || amount.amount > amountMax) return false;
  if (!currencyPattern.test(amount.currency)) return false;
  return currency === undefined || amount.currency === currency;
}

/** Idempotency keys are 1–255 characters, like API.md's `Idempotency-Key`. */
export function isValidKey(key: string): boolean {
  return typeof key === 'string' && key.length >= 1 && key.length <= 255;
}
