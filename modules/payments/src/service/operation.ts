import type { NewEvent } from '@mercato/platform/bus';
import type { Tx } from '@mercato/platform/db';
import { assert, type Failure, fail, ok, type Result } from '@mercato/platform/kernel';
import type { KeyReusedCode, Payment } from '../contract.ts';
import type { ProviderOperation } from '../provider/port.ts';
import {
  claimLedgerEntry,
  completeLedgerEntry,
  findLedgerEntry,
  findPayment,
  type LedgerKind,
  type LedgerRow,
  type PaymentRow,
} from '../store.ts';
import type { PaymentsDeps } from './deps.ts';
import { decideInTransaction } from '@mercato/platform/db';
import { toPayment } from './views.ts';

/** One money operation on an existing payment: capture, void or refund. */
export type OperationSpec<Code extends string> = {
  readonly kind: Exclude<LedgerKind, 'authorization'>;
  readonly paymentId: string;
  readonly idempotencyKey: string;
  /** Given by the caller (compared on replay), or undefined to take the default. */
  readonly requestedAmount: number | undefined;
  readonly reason: string | null;
  /** The amount this operation moves (inputs were validated before: a safe integer ≥ 0). */
  readonly amountOf: (payment: PaymentRow) => number;
  /**
   * Checks the payment once the key is claimed: a failure, `{ settled }` when the
   * operation's effect is already there (void of a voided payment), or undefined to go on.
   */
  readonly check: (payment: PaymentRow, amount: number) => Failure<Code> | { settled: PaymentRow } | undefined;
  /** The conditional UPDATE of the payment; undefined when its condition no longer holds. */
  readonly apply: (tx: Tx, payment: PaymentRow, amount: number) => Promise<PaymentRow | undefined>;
  /** Why `apply` matched nothing, from the payment as it is now; `{ settled }` as in `check`. */
  readonly explain: (payment: PaymentRow) => Failure<Code> | { settled: PaymentRow };
  readonly callProvider: (payment: PaymentRow, entry: LedgerRow) => Promise<ProviderOperation>;
  readonly event: (payment: PaymentRow, entry: LedgerRow) => NewEvent;
};

type Claim = { entry: LedgerRow; payment: PaymentRow };
type ClaimOutcome<Code extends string> =
  | Failure<Code | 'payment_not_found'>
  | { settled: PaymentRow }
  | { claim: Claim }
  | { raced: true };

const keyReused = () => fail('idempotency_key_reused', 'This idempotency key was used for another payment operation.');
/** Lost claims re-read the key at most this often before giving up (a bug, not load). */
const claimAttemptsMax = 3;

function matches(spec: OperationSpec<string>, entry: LedgerRow): boolean {
  if (entry.kind !== spec.kind || entry.payment_id !== spec.paymentId) return false;
  return spec.requestedAmount === undefined || spec.requestedAmount === entry.amount;
}

/** Claims the key and moves the payment's state and totals, in one transaction. */
async function claim<Code extends string>(deps: PaymentsDeps, spec: OperationSpec<Code>): Promise<ClaimOutcome<Code>> {
  return decideInTransaction<ClaimOutcome<Code>>(deps.db, async (tx) => {
    const payment = await findPayment(tx, spec.paymentId);
    if (payment === undefined) return { commit: false, value: fail('payment_not_found', 'No such payment.') };
    const amount = spec.amountOf(payment);
    const now = deps.clock.now();
    const entry: LedgerRow = {
      id: deps.ids.next('led'),
      payment_id: payment.id,
      kind: spec.kind,
      state: 'pending',
      currency: payment.currency,
      amount,
      idempotency_key: spec.idempotencyKey,
      reason: spec.reason,
      provider_reference: null,
    };
    // The key first: a twin with the same key that got here first is replayed, not
    // judged against the state its own success produced.
    if (!(await claimLedgerEntry(tx, entry, now))) return { commit: false, value: { raced: true } };
    const refused = spec.check(payment, amount);
    if (refused !== undefined) return { commit: false, value: refused };
    const updated = await spec.apply(tx, payment, amount);
    if (updated !== undefined) return { commit: true, value: { claim: { entry, payment: updated } } };
    const current = await findPayment(tx, spec.paymentId);
    assert(current !== undefined, 'a payment vanished inside its own transaction');
    return { commit: false, value: spec.explain(current) };
  });
}

/** Asks the provider (idempotent by the same key) and marks the ledger row done, with the event, once. */
async function complete(deps: PaymentsDeps, spec: OperationSpec<string>, entry: LedgerRow): Promise<Payment> {
  const before = await findPayment(deps.db, entry.payment_id);
  assert(before !== undefined, `ledger entry ${entry.id} names a missing payment`);
  const answer = await spec.callProvider(before, entry);
  return deps.db.transaction(async (tx) => {
    const completed = await completeLedgerEntry(tx, entry.id, answer.reference, deps.clock.now());
    const after = await findPayment(tx, entry.payment_id);
    assert(after !== undefined, `ledger entry ${entry.id} names a missing payment`);
    if (completed) await deps.outbox.append(tx, [spec.event(after, entry)]);
    return toPayment(after);
  });
}

/**
 * Runs one operation, idempotent by key, in two steps around the provider call:
 * 1. claim: the ledger row (state pending) and the conditional UPDATE of the payment's
 *    status and running totals commit together, or nothing does;
 * 2. the provider call, then the ledger row marked succeeded with the event.
 * A retry with the same key replays a succeeded operation and completes a pending one
 * (the provider is idempotent by key too), so a crash or an unavailable provider
 * between the steps never moves money twice. Totals count pending operations, so a
 * claimed refund can never be refunded again by a concurrent one.
 */
export async function runOperation<Code extends string>(
  deps: PaymentsDeps,
  spec: OperationSpec<Code>,
): Promise<Result<Payment, Code | KeyReusedCode | 'payment_not_found'>> {
  for (let attempt = 0; attempt < claimAttemptsMax; attempt++) {
    const known = await findLedgerEntry(deps.db, spec.idempotencyKey);
    if (known !== undefined) {
      if (!matches(spec, known)) return keyReused();
      if (known.state === 'pending') return ok(await complete(deps, spec, known));
      const payment = await findPayment(deps.db, known.payment_id);
      assert(payment !== undefined, `ledger entry ${known.id} names a missing payment`);
      return ok(toPayment(payment));
    }
    const outcome = await claim(deps, spec);
    if ('raced' in outcome) continue;
    if ('settled' in outcome) return ok(toPayment(outcome.settled));
    if ('claim' in outcome) return ok(await complete(deps, spec, outcome.claim.entry));
    return outcome;
  }
  throw new Error(`idempotency key of a ${spec.kind} kept being claimed concurrently`);
}
