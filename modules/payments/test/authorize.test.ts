import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import { PaymentProviderUnavailable } from '../src/contract.ts';
import { paymentsModule } from '../src/module.ts';
import { createTestProvider } from '../src/provider/test-provider.ts';
import {
  authorizeInput,
  bootPayments,
  codeOf,
  countRows,
  eventsOf,
  ledgerOf,
  type PaymentsHost,
  value,
} from './helpers.ts';

for (const target of testDbTargets()) {
  describe(`payments authorize on ${target.name}`, { skip: target.skipReason }, () => {
    let host: PaymentsHost;
    before(async () => {
      host = await bootPayments(target, { slowDelayMs: 60 });
    });
    after(() => host?.close());

    it('tok_visa › authorizes, writes one ledger row and publishes payment_authorized', async () => {
      const input = authorizeInput('tok_visa', 4_999);
      const payment = value(await host.api.authorize(input));
      assert.match(payment.id, /^pay_/);
      assert.equal(payment.status, 'authorized');
      assert.deepEqual(payment.amount, { amount: 4_999, currency: 'USD' });
      assert.deepEqual(payment.captured, { amount: 0, currency: 'USD' });
      assert.equal(payment.orderId, input.orderId);
      assert.ok(payment.providerReference);
      const ledger = await ledgerOf(host, payment.id);
      assert.deepEqual(
        ledger.map((row) => [row.kind, row.state, row.amount, row.idempotency_key]),
        [['authorization', 'succeeded', 4_999, input.idempotencyKey]],
      );
      const events = await eventsOf(host, payment.id);
      assert.deepEqual(
        events.map((event) => [event.type, event.data]),
        [
          [
            'payments.payment_authorized',
            { paymentId: payment.id, orderId: input.orderId, amount: input.amount, method: 'test_card' },
          ],
        ],
      );
    });

    it('tok_declined › answers payment_declined (card_declined) and keeps a failed payment without events', async () => {
      const input = authorizeInput('tok_declined');
      const result = await host.api.authorize(input);
      assert.equal(codeOf(result), 'payment_declined');
      assert.equal(!result.ok && result.details?.['reason'], 'card_declined');
      const [payment] = await host.api.findByOrder(input.orderId);
      assert.equal(payment?.status, 'failed');
      assert.equal(payment?.providerReference, null);
      assert.equal(await countRows(host, 'outbox', `data->>'orderId' = $1`, [input.orderId]), 0);
    });

    it('tok_insufficient_funds › answers payment_declined with reason insufficient_funds', async () => {
      const result = await host.api.authorize(authorizeInput('tok_insufficient_funds'));
      assert.equal(codeOf(result), 'payment_declined');
      assert.equal(!result.ok && result.details?.['reason'], 'insufficient_funds');
    });

    it('an unknown token or anything that is not a token › is declined as unknown_token', async () => {
      for (const token of ['tok_unheard_of', '4242424242424242']) {
        const result = await host.api.authorize(authorizeInput(token));
        assert.equal(codeOf(result), 'payment_declined');
        assert.equal(!result.ok && result.details?.['reason'], 'unknown_token');
      }
    });

    it('tok_error › throws PaymentProviderUnavailable on every attempt and writes nothing', async () => {
      const input = authorizeInput('tok_error');
      for (let attempt = 0; attempt < 3; attempt++) {
        await assert.rejects(host.api.authorize(input), PaymentProviderUnavailable);
      }
      assert.deepEqual(await host.api.findByOrder(input.orderId), []);
      assert.equal(await countRows(host, 'ledger', 'idempotency_key = $1', [input.idempotencyKey]), 0);
      assert.equal(
        await countRows(host, 'test_provider_operations', 'idempotency_key = $1', [input.idempotencyKey]),
        0,
      );
    });

    it('tok_slow › approves after the configured delay', async () => {
      const started = performance.now();
      const payment = value(await host.api.authorize(authorizeInput('tok_slow')));
      assert.equal(payment.status, 'authorized');
      assert.ok(performance.now() - started >= 55, 'tok_slow answered before its delay');
    });

    it('the same key twice › one payment, one ledger row, one event', async () => {
      const input = authorizeInput();
      const first = value(await host.api.authorize(input));
      const second = value(await host.api.authorize(input));
      assert.deepEqual(second, first);
      assert.equal((await host.api.findByOrder(input.orderId)).length, 1);
      assert.equal((await ledgerOf(host, first.id)).length, 1);
      assert.equal((await eventsOf(host, first.id)).length, 1);
      assert.equal(
        await countRows(host, 'test_provider_operations', 'idempotency_key = $1', [input.idempotencyKey]),
        1,
      );
    });

    it('the same key five times concurrently › one payment and one authorization at the provider', async () => {
      const input = authorizeInput('tok_slow');
      const results = await Promise.all(Array.from({ length: 5 }, () => host.api.authorize(input)));
      const ids = new Set(results.map((result) => value(result).id));
      assert.equal(ids.size, 1);
      assert.equal((await host.api.findByOrder(input.orderId)).length, 1);
      assert.equal(await countRows(host, 'ledger', 'idempotency_key = $1', [input.idempotencyKey]), 1);
      assert.equal(
        await countRows(host, 'test_provider_operations', 'idempotency_key = $1', [input.idempotencyKey]),
        1,
      );
    });

    it('a declined key again › the same decline, without asking the provider twice', async () => {
      const input = authorizeInput('tok_declined');
      const first = await host.api.authorize(input);
      const second = await host.api.authorize(input);
      assert.deepEqual(second, first);
      assert.equal((await host.api.findByOrder(input.orderId)).length, 1);
    });

    it('a key reused with another amount or order › idempotency_key_reused', async () => {
      const input = authorizeInput();
      value(await host.api.authorize(input));
      assert.equal(
        codeOf(await host.api.authorize({ ...input, amount: { amount: 1, currency: 'USD' } })),
        'idempotency_key_reused',
      );
      assert.equal(codeOf(await host.api.authorize({ ...input, orderId: 'ord_other' })), 'idempotency_key_reused');
    });

    it('refuses zero, fractional and over-limit amounts with invalid_amount', async () => {
      for (const amount of [0, -1, 10.5, 100_000_001]) {
        assert.equal(codeOf(await host.api.authorize(authorizeInput('tok_visa', amount))), 'invalid_amount');
      }
    });

    it('lists open authorizations older than a time, oldest first and bounded', async () => {
      const input = authorizeInput();
      const payment = value(await host.api.authorize(input));
      const future = new Date(Date.now() + 60_000);
      const open = await host.api.listOpenAuthorizations({ olderThan: future, limit: 500 });
      assert.ok(open.some((candidate) => candidate.id === payment.id));
      assert.ok(open.every((candidate) => candidate.status === 'authorized'));
      const sorted = [...open].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      assert.deepEqual(
        open.map((p) => p.id),
        sorted.map((p) => p.id),
      );
      assert.equal((await host.api.listOpenAuthorizations({ olderThan: future, limit: 1 })).length, 1);
      assert.deepEqual(await host.api.listOpenAuthorizations({ olderThan: new Date(0), limit: 10 }), []);
    });
  });
}

describe('the test provider with the default configuration', () => {
  it('tok_slow › waits 2 s (through the injected timer) before approving', async () => {
    const waits: number[] = [];
    const payments = paymentsModule({
      provider: (ctx, config) =>
        createTestProvider({
          db: ctx.db,
          clock: ctx.clock,
          ids: ctx.ids,
          slowDelayMs: config.testProvider.slowDelayMs,
          sleep: async (ms) => {
            waits.push(ms);
          },
        }),
    });
    const host = await bootTestHost({ modules: [payments], start: false });
    try {
      const api = apiOf(host.apis, payments);
      assert.equal(value(await api.authorize(authorizeInput('tok_slow'))).status, 'authorized');
      assert.equal(value(await api.authorize(authorizeInput('tok_visa'))).status, 'authorized');
      assert.deepEqual(waits, [2000]);
    } finally {
      await host.close();
    }
  });
});
