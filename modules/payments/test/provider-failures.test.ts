import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import { PaymentProviderUnavailable } from '../src/contract.ts';
import { type PaymentProvider, paymentsModule } from '../src/module.ts';
import { createTestProvider } from '../src/provider/test-provider.ts';
import {
  authorizeInput,
  bootPayments,
  codeOf,
  countRows,
  eventsOf,
  ledgerOf,
  type PaymentsHost,
  usd,
  value,
} from './helpers.ts';

/** When a failure is armed for an operation, its next call fails before (unreachable) or after (lost answer) the provider acted. */
type Fault = 'before' | 'after';

function flaky(inner: PaymentProvider) {
  const armed = new Map<string, Fault>();
  const calls: string[] = [];
  async function guard<T>(kind: string, act: () => Promise<T>): Promise<T> {
    calls.push(kind);
    const fault = armed.get(kind);
    armed.delete(kind);
    if (fault === 'before') throw new PaymentProviderUnavailable('connection refused');
    const answer = await act();
    if (fault === 'after') throw new PaymentProviderUnavailable('timed out waiting for the answer');
    return answer;
  }
  const provider: PaymentProvider = {
    name: inner.name,
    authorize: (input) => guard('authorize', () => inner.authorize(input)),
    capture: (input) => guard('capture', () => inner.capture(input)),
    void: (input) => guard('void', () => inner.void(input)),
    refund: (input) => guard('refund', () => inner.refund(input)),
  };
  return { provider, calls, arm: (kind: string, fault: Fault) => armed.set(kind, fault) };
}

for (const target of testDbTargets()) {
  describe(`payments when the provider fails mid-operation on ${target.name}`, { skip: target.skipReason }, () => {
    let host: PaymentsHost;
    let faults: ReturnType<typeof flaky>;
    before(async () => {
      host = await bootPayments(target, {
        provider: (ctx, config) => {
          faults = flaky(
            createTestProvider({
              db: ctx.db,
              clock: ctx.clock,
              ids: ctx.ids,
              slowDelayMs: config.testProvider.slowDelayMs,
            }),
          );
          return faults.provider;
        },
      });
    });
    after(() => host?.close());

    it('a lost authorize answer › the retry with the key gets the same authorization, charged once', async () => {
      const input = authorizeInput();
      faults.arm('authorize', 'after');
      await assert.rejects(host.api.authorize(input), PaymentProviderUnavailable);
      const payment = value(await host.api.authorize(input));
      assert.equal((await host.api.findByOrder(input.orderId)).length, 1);
      assert.equal(
        await countRows(host, 'test_provider_operations', 'idempotency_key = $1', [input.idempotencyKey]),
        1,
      );
      assert.equal((await eventsOf(host, payment.id)).length, 1);
    });

    it('a restarted module (fresh provider, same database) › replays a known key without a second authorization', async () => {
      const input = authorizeInput();
      faults.arm('authorize', 'after');
      await assert.rejects(host.api.authorize(input), PaymentProviderUnavailable);
      const payments = paymentsModule();
      const restarted = await bootTestHost({ modules: [payments], db: host.db, start: false });
      try {
        const api = apiOf(restarted.apis, payments);
        const payment = value(await api.authorize(input));
        assert.deepEqual(value(await host.api.authorize(input)), payment);
        assert.equal(
          await countRows(host, 'test_provider_operations', 'idempotency_key = $1', [input.idempotencyKey]),
          1,
        );
      } finally {
        // The database belongs to the first host; close only what the restart added.
        await restarted.app.close();
        await restarted.telemetry.shutdown();
      }
    });

    it('an unreachable provider during capture › stays pending, and the retry with the key completes it once', async () => {
      const authorized = value(await host.api.authorize(authorizeInput()));
      const input = { paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:capture` };
      faults.arm('capture', 'before');
      await assert.rejects(host.api.capture(input), PaymentProviderUnavailable);
      const pending = (await ledgerOf(host, authorized.id)).find((row) => row.kind === 'capture');
      assert.equal(pending?.state, 'pending');
      assert.equal(
        (await eventsOf(host, authorized.id)).length,
        1,
        'no payment_captured before the provider confirmed',
      );
      // The claim holds: nothing else may void or capture the payment meanwhile.
      assert.equal(
        codeOf(await host.api.void({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:void` })),
        'payment_not_voidable',
      );
      const payment = value(await host.api.capture(input));
      assert.equal(payment.status, 'captured');
      assert.equal((await ledgerOf(host, authorized.id)).find((row) => row.kind === 'capture')?.state, 'succeeded');
      assert.deepEqual(
        (await eventsOf(host, authorized.id)).map((event) => event.type),
        ['payments.payment_authorized', 'payments.payment_captured'],
      );
    });

    it('a lost refund answer › the retry completes it without a second refund at the provider', async () => {
      const authorized = value(await host.api.authorize(authorizeInput('tok_visa', 10_000)));
      value(await host.api.capture({ paymentId: authorized.id, idempotencyKey: `${authorized.orderId}:capture` }));
      const input = {
        paymentId: authorized.id,
        amount: usd(6_000),
        reason: 'lost answer',
        idempotencyKey: `${authorized.orderId}:refund`,
      };
      faults.arm('refund', 'after');
      await assert.rejects(host.api.refund(input), PaymentProviderUnavailable);
      // A pending refund already counts: a second one cannot take the same money.
      const other = await host.api.refund({
        ...input,
        amount: usd(5_000),
        idempotencyKey: `${authorized.orderId}:refund:2`,
      });
      assert.equal(codeOf(other), 'refund_exceeds_captured');
      const payment = value(await host.api.refund(input));
      assert.deepEqual(payment.refunded, usd(6_000));
      assert.equal(
        await countRows(host, 'test_provider_operations', 'idempotency_key = $1', [input.idempotencyKey]),
        1,
      );
      const refunds = (await eventsOf(host, authorized.id)).filter(
        (event) => event.type === 'payments.payment_refunded',
      );
      assert.equal(refunds.length, 1);
    });
  });
}
