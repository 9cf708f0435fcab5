import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import type { Payment } from '../src/contract.ts';
import {
  authorizeInput,
  bootPayments,
  codeOf,
  eventsOf,
  ledgerAddsUp,
  ledgerOf,
  type PaymentsHost,
  usd,
  value,
} from './helpers.ts';

for (const target of testDbTargets()) {
  describe(`payments capture, void and refund on ${target.name}`, { skip: target.skipReason }, () => {
    let host: PaymentsHost;
    before(async () => {
      host = await bootPayments(target);
    });
    after(() => host?.close());

    async function captured(amount = 10_000): Promise<Payment> {
      const payment = value(await host.api.authorize(authorizeInput('tok_visa', amount)));
      return value(await host.api.capture({ paymentId: payment.id, idempotencyKey: `${payment.orderId}:capture` }));
    }

    it('capture › takes the whole authorization by default and publishes payment_captured', async () => {
      const payment = await captured(7_500);
      assert.equal(payment.status, 'captured');
      assert.deepEqual(payment.captured, usd(7_500));
      const events = await eventsOf(host, payment.id);
      assert.deepEqual(
        events.map((event) => event.type),
        ['payments.payment_authorized', 'payments.payment_captured'],
      );
      assert.deepEqual(events[1]?.data, {
        paymentId: payment.id,
        orderId: payment.orderId,
        amount: usd(7_500),
        captured: usd(7_500),
      });
    });

    it('capture twice with one key › captures once (one ledger row, one event)', async () => {
      const authorized = value(await host.api.authorize(authorizeInput()));
      const input = { paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:capture` };
      const [first, second] = await Promise.all([host.api.capture(input), host.api.capture(input)]);
      assert.deepEqual(value(second), value(first));
      const third = value(await host.api.capture(input));
      assert.equal(third.status, 'captured');
      assert.equal((await ledgerOf(host, authorized.id)).filter((row) => row.kind === 'capture').length, 1);
      assert.equal(
        (await eventsOf(host, authorized.id)).filter((event) => event.type === 'payments.payment_captured').length,
        1,
      );
    });

    it('capture › a partial capture is allowed; more than authorized or a second capture is refused', async () => {
      const authorized = value(await host.api.authorize(authorizeInput('tok_visa', 5_000)));
      assert.equal(
        codeOf(
          await host.api.capture({
            paymentId: authorized.id,
            amount: usd(5_001),
            idempotencyKey: `${authorized.orderId}:c1`,
          }),
        ),
        'capture_exceeds_authorized',
      );
      const partial = value(
        await host.api.capture({
          paymentId: authorized.id,
          amount: usd(3_000),
          idempotencyKey: `${authorized.orderId}:c2`,
        }),
      );
      assert.deepEqual(partial.captured, usd(3_000));
      const again = await host.api.capture({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:c3` });
      assert.equal(codeOf(again), 'payment_not_capturable');
    });

    it('capture › of a declined payment or an unknown id is refused', async () => {
      const input = authorizeInput('tok_declined');
      await host.api.authorize(input);
      const [failed] = await host.api.findByOrder(input.orderId);
      assert.ok(failed);
      assert.equal(
        codeOf(await host.api.capture({ paymentId: failed.id, idempotencyKey: 'k-failed' })),
        'payment_not_capturable',
      );
      assert.equal(
        codeOf(await host.api.capture({ paymentId: 'pay_nope', idempotencyKey: 'k-nope' })),
        'payment_not_found',
      );
    });

    it('void › releases an authorization once, and again answers it unchanged', async () => {
      const authorized = value(await host.api.authorize(authorizeInput('tok_visa', 2_500)));
      const voided = value(
        await host.api.void({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:void` }),
      );
      assert.equal(voided.status, 'voided');
      assert.deepEqual(
        value(await host.api.void({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:void` })),
        voided,
      );
      assert.equal(
        value(await host.api.void({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:reconcile` }))
          .status,
        'voided',
      );
      assert.equal((await ledgerOf(host, authorized.id)).filter((row) => row.kind === 'void').length, 1);
      const events = await eventsOf(host, authorized.id);
      assert.deepEqual(
        events.map((event) => event.type),
        ['payments.payment_authorized', 'payments.payment_voided'],
      );
      assert.equal(
        codeOf(await host.api.capture({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:capture` })),
        'payment_not_capturable',
      );
    });

    it('void after capture › refused with payment_not_voidable', async () => {
      const payment = await captured();
      const result = await host.api.void({ paymentId: payment.id, idempotencyKey: `${payment.orderId}:void` });
      assert.equal(codeOf(result), 'payment_not_voidable');
      assert.equal(
        (await host.api.getPayment(payment.id)).ok && value(await host.api.getPayment(payment.id)).status,
        'captured',
      );
    });

    it('refund twice with one key › refunds once', async () => {
      const payment = await captured(10_000);
      const input = {
        paymentId: payment.id,
        amount: usd(2_500),
        reason: 'damaged',
        idempotencyKey: `${payment.orderId}:refund:1`,
      };
      const first = value(await host.api.refund(input));
      const second = value(await host.api.refund(input));
      assert.deepEqual(second, first);
      assert.deepEqual(first.refunded, usd(2_500));
      assert.equal(first.status, 'partially_refunded');
      assert.equal((await ledgerOf(host, payment.id)).filter((row) => row.kind === 'refund').length, 1);
      const refunds = (await eventsOf(host, payment.id)).filter((event) => event.type === 'payments.payment_refunded');
      assert.deepEqual(
        refunds.map((event) => event.data),
        [
          {
            paymentId: payment.id,
            orderId: payment.orderId,
            amount: usd(2_500),
            refunded: usd(2_500),
            captured: usd(10_000),
            reason: 'damaged',
          },
        ],
      );
      assert.equal(codeOf(await host.api.refund({ ...input, amount: usd(1) })), 'idempotency_key_reused');
    });

    it('partial refunds › add up to the captured amount and never beyond it', async () => {
      const payment = await captured(10_000);
      const refund = (amount: number, n: number) =>
        host.api.refund({
          paymentId: payment.id,
          amount: usd(amount),
          reason: 'partial',
          idempotencyKey: `${payment.orderId}:refund:${n}`,
        });
      for (let n = 1; n <= 3; n++) assert.equal(value(await refund(3_000, n)).status, 'partially_refunded');
      const over = await refund(2_000, 4);
      assert.equal(codeOf(over), 'refund_exceeds_captured');
      assert.deepEqual(!over.ok && over.details?.['refundable'], usd(1_000));
      const last = value(await refund(1_000, 5));
      assert.equal(last.status, 'refunded');
      assert.deepEqual(last.refunded, usd(10_000));
      assert.equal(codeOf(await refund(1, 6)), 'payment_not_refundable');
      const sums = await ledgerAddsUp(host, payment.id);
      assert.ok(sums.addsUp, JSON.stringify(sums));
      assert.equal(sums.refunds, 10_000);
    });

    it('refund › of an authorization not yet captured is refused (void it instead)', async () => {
      const authorized = value(await host.api.authorize(authorizeInput()));
      const result = await host.api.refund({
        paymentId: authorized.id,
        amount: usd(100),
        reason: 'x',
        idempotencyKey: `${authorized.orderId}:r`,
      });
      assert.equal(codeOf(result), 'payment_not_refundable');
      assert.equal((await ledgerOf(host, authorized.id)).length, 1);
    });

    it('concurrent refunds racing past the captured amount › exactly the allowed ones succeed', async () => {
      const payment = await captured(10_000);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, n) =>
          host.api.refund({
            paymentId: payment.id,
            amount: usd(3_000),
            reason: 'race',
            idempotencyKey: `${payment.orderId}:race:${n}`,
          }),
        ),
      );
      assert.equal(results.filter((result) => result.ok).length, 3);
      assert.deepEqual(results.filter((result) => !result.ok).map(codeOf), Array(3).fill('refund_exceeds_captured'));
      const sums = await ledgerAddsUp(host, payment.id);
      assert.ok(sums.addsUp, JSON.stringify(sums));
      assert.equal(sums.refunded, 9_000);
    });

    it('getPayment and findByOrder › read what was written', async () => {
      const payment = await captured(1_234);
      assert.deepEqual(value(await host.api.getPayment(payment.id)), payment);
      assert.deepEqual(await host.api.findByOrder(payment.orderId), [payment]);
      assert.equal(codeOf(await host.api.getPayment('pay_missing')), 'payment_not_found');
    });
  });
}
