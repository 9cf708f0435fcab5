import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import fc from 'fast-check';
import type { Order } from '../src/contract.ts';
import { asStaff, bootShop, cartWith, checkoutBody, postCheckout, type Shop, stockedVariant, usd } from './support.ts';

/** One refund asked for, and what came of it (`succeeded` or the error code). */
type Attempt = { readonly amount: number; readonly outcome: string };
/** Refunds asked one after another or all at once, with the order as it was before and after. */
type Batch = {
  readonly concurrent: boolean;
  readonly remainingBefore: number;
  readonly attempts: readonly Attempt[];
  readonly after: { readonly status: string; readonly refunded: number; readonly net: number };
};
/** Everything one run saw: the order's capture, every batch, and each book's total at the end. */
type Observation = {
  readonly captured: number;
  readonly statusBefore: string;
  readonly batches: readonly Batch[];
  /** Refunded totals by book: the order, checkout's refund records, the payment, the payment's ledger. */
  readonly books: {
    readonly order: number;
    readonly records: number;
    readonly payment: number;
    readonly ledger: number;
  };
};

/** The status an order must show for what is left of its capture. */
function statusFor(captured: number, refunded: number, before: string): string {
  return refunded === 0 ? before : refunded === captured ? 'refunded' : 'partially_refunded';
}

/**
 * The ledger's rules, checked over an observation; answers every broken one. Sequential
 * refunds are exact: one succeeds iff it fits what is left; concurrent ones are bounded:
 * the successes fit what was left before, each refusal is more than what is left after.
 */
function ledgerProblems(seen: Observation): string[] {
  const problems: string[] = [];
  let refunded = 0;
  for (const [index, batch] of seen.batches.entries()) {
    const at = `batch ${index}`;
    let remaining = batch.remainingBefore;
    if (remaining !== seen.captured - refunded)
      problems.push(`${at}: started with ${remaining} left, the books say ${seen.captured - refunded}`);
    const succeeded = batch.attempts
      .filter((attempt) => attempt.outcome === 'succeeded')
      .reduce((sum, attempt) => sum + attempt.amount, 0);
    const after = batch.remainingBefore - succeeded;
    for (const attempt of batch.attempts) {
      const fits = attempt.amount <= (batch.concurrent ? batch.remainingBefore : remaining);
      if (attempt.outcome === 'succeeded' && !fits)
        problems.push(`${at}: ${attempt.amount} succeeded with ${remaining} left`);
      if (attempt.outcome !== 'succeeded') {
        const expected =
          (batch.concurrent ? after : remaining) === 0
            ? ['order_not_refundable', 'refund_exceeds_captured']
            : ['refund_exceeds_captured'];
        if (!expected.includes(attempt.outcome))
          problems.push(`${at}: ${attempt.amount} refused as ${attempt.outcome}`);
        if (attempt.amount <= after) problems.push(`${at}: ${attempt.amount} refused although ${after} is left`);
        if (!batch.concurrent && fits) problems.push(`${at}: ${attempt.amount} refused with ${remaining} left`);
      }
      if (!batch.concurrent && attempt.outcome === 'succeeded') remaining -= attempt.amount;
    }
    refunded += succeeded;
    if (after < 0) problems.push(`${at}: refunds exceed the capture by ${-after}`);
    if (batch.after.refunded !== refunded)
      problems.push(`${at}: the order shows ${batch.after.refunded} refunded, the successes add up to ${refunded}`);
    if (batch.after.net !== seen.captured - batch.after.refunded)
      problems.push(`${at}: net ${batch.after.net} is not captured − refunded`);
    if (batch.after.status !== statusFor(seen.captured, refunded, seen.statusBefore))
      problems.push(`${at}: status ${batch.after.status} with ${refunded} of ${seen.captured} refunded`);
  }
  for (const [book, total] of Object.entries(seen.books))
    if (total !== refunded) problems.push(`the ${book} book says ${total} refunded, the successes ${refunded}`);
  return problems;
}

/** An amount to ask for: a share of the capture, exactly what is left, or more than is left. */
type AmountPick =
  | { readonly kind: 'share'; readonly percent: number }
  | { readonly kind: 'rest' }
  | { readonly kind: 'above'; readonly extra: number };
const amountPick: fc.Arbitrary<AmountPick> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('share' as const), percent: fc.integer({ min: 1, max: 60 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('rest' as const) }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('above' as const), extra: fc.integer({ min: 1, max: 5000 }) }),
  },
);
const scenario = fc.record({
  deliver: fc.boolean(),
  batches: fc.array(
    fc.record({ concurrent: fc.boolean(), picks: fc.array(amountPick, { minLength: 1, maxLength: 4 }) }),
    { minLength: 1, maxLength: 4 },
  ),
});

function amountOf(pick: AmountPick, captured: number, remaining: number): number {
  if (pick.kind === 'rest') return Math.max(1, remaining);
  if (pick.kind === 'above') return remaining + pick.extra;
  return Math.max(1, Math.floor((captured * pick.percent) / 100));
}

for (const target of testDbTargets()) {
  describe(`the refund ledger on ${target.name}`, { skip: target.skipReason }, () => {
    let shop: Shop;
    let variantId: string;
    /** When set, payments refunds and then the answer is lost (the process died before it arrived). */
    let loseNextRefundAnswer = false;

    before(async () => {
      shop = await bootShop(target, {
        config: { refundRecoveryAfterMs: 0 },
        module: {
          participants: ({ payments }) => ({
            payments: {
              ...payments,
              async refund(input) {
                const answer = await payments.refund(input);
                if (!loseNextRefundAnswer) return answer;
                loseNextRefundAnswer = false;
                throw new Error('the refund answer was lost');
              },
            },
          }),
        },
      });
      ({ variantId } = await stockedVariant(shop, 1000, 4999));
    });

    after(() => shop?.close());

    const call = (url: string, payload?: object) =>
      shop.app.inject({
        method: 'POST',
        url,
        headers: asStaff('admin'),
        ...(payload === undefined ? {} : { payload }),
      });

    async function fulfilledOrder(deliver: boolean): Promise<Order> {
      const placed = await postCheckout(shop, checkoutBody(await cartWith(shop, variantId, 1)));
      assert.equal(placed.status, 201, JSON.stringify(placed.body));
      const fulfilled = await call(`/api/admin/orders/${placed.body.order.id}/fulfill`, {
        carrier: 'UPS',
        trackingNumber: '1Z',
      });
      assert.equal(fulfilled.statusCode, 200, fulfilled.body);
      if (!deliver) return fulfilled.json();
      return (await call(`/api/admin/orders/${placed.body.order.id}/deliver`)).json();
    }

    async function refund(orderId: string, amount: number): Promise<Attempt> {
      const answer = await call(`/api/admin/orders/${orderId}/refund`, { amount: usd(amount), reason: 'property' });
      if (answer.statusCode === 200) return { amount, outcome: 'succeeded' };
      assert.equal(answer.statusCode, 409, answer.body);
      return { amount, outcome: answer.json().error.code };
    }

    async function books(order: Order): Promise<Observation['books']> {
      const one = async (sql: string) =>
        Number((await shop.db.query<{ total: number }>(sql, [order.id])).rows[0]?.total ?? 0);
      return {
        order: order.payment.refunded.amount,
        records: await one(
          `SELECT coalesce(sum(amount), 0) AS total FROM checkout.refunds WHERE order_id = $1 AND status = 'succeeded'`,
        ),
        payment: (await shop.payments.findByOrder(order.id)).reduce((sum, payment) => sum + payment.refunded.amount, 0),
        ledger: await one(
          `SELECT coalesce(sum(l.amount), 0) AS total FROM payments.ledger l JOIN payments.payments p ON p.id = l.payment_id
            WHERE p.order_id = $1 AND l.kind = 'refund' AND l.state = 'succeeded'`,
        ),
      };
    }

    it('adds up under random sequences of partial refunds, sequential and concurrent (property)', async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async ({ deliver, batches }) => {
          let order = await fulfilledOrder(deliver);
          const captured = order.payment.captured.amount;
          assert.equal(captured, order.totals.total.amount);
          const seen: Batch[] = [];
          for (const { concurrent, picks } of batches) {
            const remainingBefore = order.payment.net.amount;
            const attempts: Attempt[] = [];
            if (concurrent) {
              attempts.push(
                ...(await Promise.all(
                  picks.map((pick) => refund(order.id, amountOf(pick, captured, remainingBefore))),
                )),
              );
            } else {
              for (const pick of picks) {
                const left =
                  remainingBefore -
                  attempts.filter((a) => a.outcome === 'succeeded').reduce((sum, a) => sum + a.amount, 0);
                attempts.push(await refund(order.id, amountOf(pick, captured, left)));
              }
            }
            order = (
              await shop.app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: asStaff('admin') })
            ).json();
            seen.push({
              concurrent,
              remainingBefore,
              attempts,
              after: { status: order.status, refunded: order.payment.refunded.amount, net: order.payment.net.amount },
            });
          }
          const problems = ledgerProblems({
            captured,
            statusBefore: deliver ? 'delivered' : 'fulfilled',
            batches: seen,
            books: await books(order),
          });
          assert.deepEqual(problems, []);
        }),
        { numRuns: target.name === 'pglite' ? 12 : 8, endOnFailure: true },
      );
    });

    it('settles a refund whose answer was lost: pending until the recovery pass asks payments again with its key', async () => {
      const order = await fulfilledOrder(true);
      loseNextRefundAnswer = true;
      const lost = await call(`/api/admin/orders/${order.id}/refund`, { amount: usd(1000), reason: 'lost answer' });
      assert.equal(lost.statusCode, 500);
      const pending: Order = (
        await shop.app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: asStaff('admin') })
      ).json();
      assert.deepEqual(
        [pending.status, pending.payment.refunded, pending.refunds.map((refund) => refund.status)],
        ['delivered', usd(0), ['pending']],
      );
      assert.equal((await shop.payments.findByOrder(order.id))[0]?.refunded.amount, 1000, 'payments moved the money');

      assert.equal(await shop.checkout.recoverRefunds(), 1);
      const settled: Order = (
        await shop.app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: asStaff('admin') })
      ).json();
      assert.deepEqual(
        [settled.status, settled.payment.refunded, settled.refunds.map((refund) => refund.status)],
        ['partially_refunded', usd(1000), ['succeeded']],
      );
      assert.equal(await shop.checkout.recoverRefunds(), 0, 'nothing left pending');
      const ledger = await shop.db.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM payments.ledger l JOIN payments.payments p ON p.id = l.payment_id WHERE p.order_id = $1 AND l.kind = 'refund'`,
        [order.id],
      );
      assert.equal(ledger.rows[0]?.count, 1, 'one refund in the payment ledger: the retry replayed it');
    });

    it('refuses a refund above the captured amount with refund_exceeds_captured, and changes nothing', async () => {
      const order = await fulfilledOrder(false);
      const captured = order.payment.captured.amount;
      const answer = await call(`/api/admin/orders/${order.id}/refund`, {
        amount: usd(captured + 1),
        reason: 'too much',
      });
      assert.deepEqual(
        [answer.statusCode, answer.json().error.code, answer.json().error.details.refundable],
        [409, 'refund_exceeds_captured', usd(captured)],
      );
      const after: Order = (
        await shop.app.inject({ method: 'GET', url: `/api/admin/orders/${order.id}`, headers: asStaff('admin') })
      ).json();
      assert.deepEqual(
        [after.status, after.payment.refunded, after.payment.net, after.refunds],
        ['fulfilled', usd(0), usd(captured), []],
      );
    });
  });
}

describe('ledgerProblems', () => {
  const base = {
    captured: 100,
    statusBefore: 'fulfilled',
    books: { order: 60, records: 60, payment: 60, ledger: 60 },
  } as const;

  it('finds an over-refund, a wrong status and books that disagree (the check can fail)', () => {
    const overRefunded: Observation = {
      ...base,
      books: { order: 160, records: 160, payment: 160, ledger: 100 },
      batches: [
        {
          concurrent: true,
          remainingBefore: 100,
          attempts: [
            { amount: 80, outcome: 'succeeded' },
            { amount: 80, outcome: 'succeeded' },
          ],
          after: { status: 'fulfilled', refunded: 160, net: -60 },
        },
      ],
    };
    const problems = ledgerProblems(overRefunded);
    assert.ok(
      problems.some((problem) => problem.includes('exceed the capture')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((problem) => problem.includes('status fulfilled')),
      problems.join('\n'),
    );
    assert.ok(
      problems.some((problem) => problem.includes('ledger book')),
      problems.join('\n'),
    );
  });

  it('finds a sequential refund refused although it fitted', () => {
    const wronglyRefused: Observation = {
      ...base,
      batches: [
        {
          concurrent: false,
          remainingBefore: 100,
          attempts: [
            { amount: 60, outcome: 'succeeded' },
            { amount: 40, outcome: 'refund_exceeds_captured' },
          ],
          after: { status: 'partially_refunded', refunded: 60, net: 40 },
        },
      ],
    };
    assert.deepEqual(ledgerProblems(wronglyRefused), [
      'batch 0: 40 refused although 40 is left',
      'batch 0: 40 refused with 40 left',
    ]);
  });

  it('accepts a consistent observation', () => {
    const fine: Observation = {
      ...base,
      batches: [
        {
          concurrent: false,
          remainingBefore: 100,
          attempts: [
            { amount: 60, outcome: 'succeeded' },
            { amount: 41, outcome: 'refund_exceeds_captured' },
          ],
          after: { status: 'partially_refunded', refunded: 60, net: 40 },
        },
      ],
    };
    assert.deepEqual(ledgerProblems(fine), []);
  });
});
