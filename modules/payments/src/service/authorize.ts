import type { Tx } from '@mercato/platform/db';
import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type AuthorizeCode,
  type AuthorizeInput,
  type Payment,
  type PaymentAuthorizedData,
  paymentMethods,
  paymentsEvents,
  paymentTokenPattern,
} from '../contract.ts';
import { isValidAmount, isValidKey } from '../domain/payment.ts';
import type { ProviderAuthorization } from '../provider/port.ts';
import { claimLedgerEntry, findLedgerEntry, findPayment, insertPayment, type PaymentRow } from '../store.ts';
import type { PaymentsDeps } from './deps.ts';
import { decideInTransaction } from '@mercato/platform/db';
import { toPayment } from './views.ts';

const tokenPattern = new RegExp(paymentTokenPattern);
/** A replay of a key whose first call is being recorded right now re-reads at most this often. */
const replayAttemptsMax = 3;

function declined(row: PaymentRow): Result<Payment, AuthorizeCode> {
  return fail('payment_declined', 'The payment was declined.', { reason: row.decline_reason, paymentId: row.id });
}

/** The first outcome of `input.idempotencyKey`, or undefined when the key is new. */
async function replay(deps: PaymentsDeps, input: AuthorizeInput): Promise<Result<Payment, AuthorizeCode> | undefined> {
  const entry = await findLedgerEntry(deps.db, input.idempotencyKey);
  if (entry === undefined) return undefined;
  const row = await findPayment(deps.db, entry.payment_id);
  assert(row !== undefined, `ledger entry ${entry.id} names a missing payment`);
  const same =
    entry.kind === 'authorization' &&
    row.order_id === input.orderId &&
    entry.amount === input.amount.amount &&
    entry.currency === input.amount.currency;
  if (!same) return fail('idempotency_key_reused', 'This idempotency key was used for another payment operation.');
  return row.status === 'failed' ? declined(row) : ok(toPayment(row));
}

/**
 * Writes the provider's answer: the payment (authorized, or failed when declined), its
 * ledger row and, when approved, the event. Answers undefined when a concurrent call
 * with the same key recorded it first (this call then writes nothing).
 */
async function record(deps: PaymentsDeps, tx: Tx, input: AuthorizeInput, answer: ProviderAuthorization) {
  const now = deps.clock.now();
  const approved = answer.outcome === 'approved';
  const row: PaymentRow = {
    id: deps.ids.next('pay'),
    order_id: input.orderId,
    status: approved ? 'authorized' : 'failed',
    method: input.method,
    provider: deps.provider.name,
    provider_reference: approved ? answer.reference : null,
    decline_reason: approved ? null : answer.reason,
    currency: input.amount.currency,
    amount: input.amount.amount,
    captured_amount: 0,
    refunded_amount: 0,
    created_at: now,
    updated_at: now,
  };
  const claimed = await claimLedgerEntry(
    tx,
    {
      id: deps.ids.next('led'),
      payment_id: row.id,
      kind: 'authorization',
      state: approved ? 'succeeded' : 'declined',
      currency: row.currency,
      amount: row.amount,
      idempotency_key: input.idempotencyKey,
      reason: row.decline_reason,
      provider_reference: row.provider_reference,
    },
    now,
  );
  if (!claimed) return { commit: false, value: undefined };
  await insertPayment(tx, row);
  if (approved) {
    const data: PaymentAuthorizedData = {
      paymentId: row.id,
      orderId: row.order_id,
      amount: input.amount,
      method: row.method,
    };
    await deps.outbox.append(tx, [{ type: paymentsEvents.paymentAuthorized, data }]);
  }
  return { commit: true, value: row };
}

/**
 * Authorize: replay the key if known; else ask the provider (idempotent by the same
 * key, so concurrent twins get one authorization) and record its answer. The provider
 * is asked outside any transaction: it may take seconds (tok_slow) or throw
 * PaymentProviderUnavailable, which propagates with nothing written.
 */
export function createAuthorize(deps: PaymentsDeps) {
  return async function authorize(input: AuthorizeInput): Promise<Result<Payment, AuthorizeCode>> {
    assert(isValidKey(input.idempotencyKey), 'authorize needs an idempotency key of 1-255 characters');
    assert(
      typeof input.orderId === 'string' && input.orderId.length >= 1 && input.orderId.length <= 100,
      'authorize needs an order id',
    );
    assert(paymentMethods.includes(input.method), 'unknown payment method');
    if (!isValidAmount(input.amount, deps.amountMax))
      return fail('invalid_amount', 'The amount must be a positive integer of minor units within the limit.');
    const known = await replay(deps, input);
    if (known !== undefined) return known;
    // Anything that is not a token (a card number, say) goes no further than this line.
    if (typeof input.token !== 'string' || !tokenPattern.test(input.token)) {
      return fail('payment_declined', 'The payment was declined.', { reason: 'unknown_token' });
    }
    const answer = await deps.provider.authorize({
      idempotencyKey: input.idempotencyKey,
      amount: input.amount,
      token: input.token,
    });
    const row = await decideInTransaction(deps.db, (tx) => record(deps, tx, input, answer));
    if (row !== undefined) {
      deps.logger.info(
        { paymentId: row.id, orderId: row.order_id, status: row.status },
        'payment authorization recorded',
      );
      return row.status === 'failed' ? declined(row) : ok(toPayment(row));
    }
    for (let attempt = 0; attempt < replayAttemptsMax; attempt++) {
      const raced = await replay(deps, input);
      if (raced !== undefined) return raced;
    }
    throw new Error('authorization key claimed by a concurrent call that left no record');
  };
}
