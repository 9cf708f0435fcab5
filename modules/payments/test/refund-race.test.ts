/**
 * The refund guarantee is a property of one SQL statement: `refunded + amount <=
 * captured` checked and applied by the same conditional UPDATE. This suite races
 * refunds that have all started before any commits, against that statement and
 * against a read-then-write variant (read the totals, decide, write the new total),
 * and shows the check that passes for the first fails for the second: the safety
 * test can fail. Only PostgreSQL runs transactions concurrently (PGlite has a single
 * connection and serializes them, so the race cannot happen there).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Tx } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import { sourcesOf } from '../src/domain/payment.ts';
import { addRefund, claimLedgerEntry } from '../src/store.ts';
import { authorizeInput, bootPayments, ledgerAddsUp, type PaymentsHost, value } from './helpers.ts';

type RefundAttempt = (
  tx: Tx,
  paymentId: string,
  amount: number,
  key: string,
  everyoneHasRead: () => Promise<void>,
) => Promise<boolean>;

/** Resolves once `parties` callers wait on it, or after `timeoutMs` (never hangs a suite). */
function barrier(parties: number, timeoutMs = 2000): () => Promise<void> {
  let arrived = 0;
  let release: () => void = () => {};
  const open = new Promise<void>((resolve) => {
    release = resolve;
  });
  const timer = setTimeout(release, timeoutMs);
  return () => {
    arrived++;
    if (arrived === parties) {
      clearTimeout(timer);
      release();
    }
    return open;
  };
}

function ledgerRow(paymentId: string, amount: number, key: string) {
  const id = `led_${key.replaceAll(/[^a-z0-9]/gi, '')}`;
  return {
    id,
    payment_id: paymentId,
    kind: 'refund' as const,
    state: 'succeeded' as const,
    currency: 'USD',
    amount,
    idempotency_key: key,
    reason: 'race',
    provider_reference: null,
  };
}

/** What the store does: claim the key, then one conditional UPDATE of the running total. */
const conditionalUpdate: RefundAttempt = async (tx, paymentId, amount, key, everyoneHasRead) => {
  await everyoneHasRead();
  await claimLedgerEntry(tx, ledgerRow(paymentId, amount, key), new Date());
  const sources = sourcesOf('partially_refunded', 'refunded');
  const updated = await addRefund(tx, { id: paymentId, amount, currency: 'USD', sources, now: new Date() });
  if (updated === undefined) throw new Error('refund_exceeds_captured');
  return true;
};

/** The deliberately broken variant: read the totals, decide in code, write the new total. */
const readThenWrite: RefundAttempt = async (tx, paymentId, amount, key, everyoneHasRead) => {
  const { rows } = await tx.query<{ captured_amount: number; refunded_amount: number }>(
    'SELECT captured_amount, refunded_amount FROM payments.payments WHERE id = $1',
    [paymentId],
  );
  const totals = rows[0];
  assert.ok(totals);
  await everyoneHasRead();
  if (totals.refunded_amount + amount > totals.captured_amount) return false;
  await claimLedgerEntry(tx, ledgerRow(paymentId, amount, key), new Date());
  await tx.query('UPDATE payments.payments SET refunded_amount = $2, status = $3 WHERE id = $1', [
    paymentId,
    totals.refunded_amount + amount,
    totals.refunded_amount + amount === totals.captured_amount ? 'refunded' : 'partially_refunded',
  ]);
  return true;
};

const postgres = testDbTargets().find((target) => target.name === 'postgres');
assert.ok(postgres);

describe('refunds racing past the captured amount on postgres', { skip: postgres.skipReason }, () => {
  let host: PaymentsHost;
  before(async () => {
    host = await bootPayments(postgres);
  });
  after(() => host?.close());

  /** Captures 100.00, then races `contenders` refunds of 40.00 that all start before any commits. */
  async function race(attempt: RefundAttempt, contenders = 4) {
    const authorized = value(await host.api.authorize(authorizeInput('tok_visa', 10_000)));
    value(await host.api.capture({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:capture` }));
    const everyoneHasRead = barrier(contenders);
    const outcomes = await Promise.allSettled(
      Array.from({ length: contenders }, (_, n) =>
        host.db.transaction((tx) =>
          attempt(tx, authorized.id, 4_000, `${authorized.orderId}:race:${n}`, everyoneHasRead),
        ),
      ),
    );
    const succeeded = outcomes.filter((outcome) => outcome.status === 'fulfilled' && outcome.value).length;
    return { succeeded, ...(await ledgerAddsUp(host, authorized.id)) };
  }

  it('conditional UPDATE › exactly the refunds that fit succeed, and the ledger adds up', async () => {
    const outcome = await race(conditionalUpdate);
    assert.equal(outcome.succeeded, 2);
    assert.ok(outcome.addsUp, JSON.stringify(outcome));
    assert.equal(outcome.refunds, 8_000);
  });

  it('read-then-write variant › over-refunds, and the same check catches it', async () => {
    const outcome = await race(readThenWrite);
    assert.ok(outcome.succeeded > 2, `expected the broken variant to over-refund: ${JSON.stringify(outcome)}`);
    assert.ok(outcome.refunds > outcome.captures, 'refunds recorded beyond what was captured');
    assert.equal(outcome.addsUp, false);
  });
});
