/**
 * The edges of payments: the staff route, the payment input that checkout embeds in
 * its body (closed: no card number or security code gets past validation), and the
 * logs, which never see a token or card data.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { inProcessTransport } from '@mercato/platform/bus';
import { openDb } from '@mercato/platform/db';
import { testDbTargets } from '@mercato/platform/db/testing';
import { Body, createHttpServer, errorBody, httpMigrations } from '@mercato/platform/http';
import { idGenerator, systemClock } from '@mercato/platform/kernel';
import { bootModules, defineModule } from '@mercato/platform/module';
import { memoryRateLimiter } from '@mercato/platform/ratelimit';
import { memoryObjectStore } from '@mercato/platform/storage';
import { createTelemetry } from '@mercato/platform/telemetry';
import { pino } from 'pino';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import { type PaymentsApi, PaymentInputSchema, PaymentProviderUnavailable } from '../src/contract.ts';
import { paymentsStatuses } from '../src/http.ts';
import payments, { redactedPaths } from '../src/module.ts';
import { authorizeInput, bootPayments, customer, type PaymentsHost, staff, value } from './helpers.ts';

const cardNumber = '4111111111111111';

/** A stream that keeps what is written to it. */
function memoryStream() {
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        stream.text += String(chunk);
        done();
      },
    }),
    { text: '' },
  );
  return stream;
}

describe('PaymentInputSchema', () => {
  it('accepts a method and a token', () => {
    assert.equal(Value.Check(PaymentInputSchema, { method: 'test_card', token: 'tok_visa' }), true);
  });

  it('rejects card numbers, security codes and any other field', () => {
    for (const extra of [{ number: cardNumber }, { cvc: '123' }, { expMonth: 12 }]) {
      assert.equal(
        Value.Check(PaymentInputSchema, { method: 'test_card', token: 'tok_visa', ...extra }),
        false,
        JSON.stringify(extra),
      );
    }
  });

  it('rejects a token that is not a provider token, and other methods', () => {
    for (const token of [cardNumber, 'tok_', 'TOK_VISA', `tok_${'a'.repeat(41)}`, 'tok_visa; drop']) {
      assert.equal(Value.Check(PaymentInputSchema, { method: 'test_card', token }), false, token);
    }
    assert.equal(Value.Check(PaymentInputSchema, { method: 'card', token: 'tok_visa' }), false);
  });
});

describe('paymentsStatuses', () => {
  it('answers 402 for a decline and 409 for a state conflict', () => {
    assert.equal(paymentsStatuses.payment_declined, 402);
    assert.equal(paymentsStatuses.refund_exceeds_captured, 409);
  });
});

/** A stand-in for checkout: a route whose body embeds `payment` exactly as checkout will. */
const payRoute = defineModule<Record<string, never>, unknown, { payments: PaymentsApi }>({
  name: 'paytest',
  uses: ['payments'],
  migrations: new URL('./fixtures/no-migrations/', import.meta.url),
  create(ctx) {
    return {
      api: {},
      routes(app) {
        app.post(
          '/api/test/pay',
          {
            config: { auth: 'public' },
            schema: { body: Body({ orderId: Type.String({ maxLength: 100 }), payment: PaymentInputSchema }) },
          },
          async (request, reply) => {
            const { orderId, payment } = request.body as {
              orderId: string;
              payment: { method: 'test_card'; token: string };
            };
            try {
              const result = await ctx.uses.payments.authorize({
                orderId,
                amount: { amount: 500, currency: 'USD' },
                ...payment,
                idempotencyKey: `${orderId}:authorize`,
              });
              return result.ok
                ? result.value
                : reply.code(402).send(errorBody(result.code, result.message, result.details));
            } catch (error) {
              if (error instanceof PaymentProviderUnavailable)
                return reply.code(503).send(errorBody('payment_provider_unavailable', 'Try again.'));
              throw error;
            }
          },
        );
      },
    };
  },
});

describe('payment input through HTTP, with every log line captured', () => {
  const stream = memoryStream();
  const telemetry = createTelemetry({ serviceName: 'test', logLevel: 'trace', logStream: stream, tracing: 'memory' });
  let close = async () => {};
  let inject: (payload: unknown) => Promise<{ statusCode: number; body: string }>;

  before(async () => {
    const db = await openDb({ kind: 'pglite' });
    const transport = inProcessTransport({ logger: telemetry.logger });
    const host = await bootModules({
      modules: [payments, payRoute],
      db,
      transport,
      logger: telemetry.logger,
      metrics: telemetry.metrics,
      tracer: telemetry.tracer,
      clock: systemClock,
      ids: idGenerator(systemClock),
      objects: memoryObjectStore(),
      rateLimiter: memoryRateLimiter(systemClock),
      config: { payments: { testProvider: { slowDelayMs: 1 } } },
      platformSchemas: [{ schema: 'platform', migrations: httpMigrations }],
    });
    const app = await createHttpServer({ telemetry, db, isReady: () => host.migrated() });
    await host.registerRoutes(app);
    await app.ready();
    inject = (payload) => app.inject({ method: 'POST', url: '/api/test/pay', payload: payload as object });
    close = async () => {
      await app.close();
      await transport.close();
      await db.close();
      await telemetry.shutdown();
    };
  });
  after(() => close());

  it('refuses a body carrying a card number or security code with 400, before any handler', async () => {
    const number = await inject({
      orderId: 'ord_n',
      payment: { method: 'test_card', token: 'tok_visa', number: cardNumber },
    });
    assert.equal(number.statusCode, 400);
    assert.match(number.body, /payment\.number/);
    const cvc = await inject({ orderId: 'ord_c', payment: { method: 'test_card', token: 'tok_visa', cvc: '123' } });
    assert.equal(cvc.statusCode, 400);
    const asToken = await inject({ orderId: 'ord_t', payment: { method: 'test_card', token: cardNumber } });
    assert.equal(asToken.statusCode, 400);
  });

  it('never writes a token or card data to the logs, whatever the outcome', async () => {
    assert.equal(
      (await inject({ orderId: 'ord_v', payment: { method: 'test_card', token: 'tok_visa' } })).statusCode,
      200,
    );
    assert.equal(
      (await inject({ orderId: 'ord_d', payment: { method: 'test_card', token: 'tok_declined' } })).statusCode,
      402,
    );
    assert.equal(
      (await inject({ orderId: 'ord_e', payment: { method: 'test_card', token: 'tok_error' } })).statusCode,
      503,
    );
    assert.equal(
      (await inject({ orderId: 'ord_s', payment: { method: 'test_card', token: 'tok_slow' } })).statusCode,
      200,
    );
    telemetry.logger.flush();
    const lines = stream.text;
    assert.match(lines, /payment authorization recorded/, 'the module logs were captured');
    assert.match(lines, /request completed|"url"/, 'the request logs were captured');
    assert.doesNotMatch(lines, /tok_[a-z]/);
    assert.ok(!lines.includes(cardNumber));
  });

  it('censors token and card fields even if someone logs them by mistake', () => {
    const out = memoryStream();
    const logger = pino({ level: 'info' }, out).child({}, { redact: { paths: redactedPaths, censor: '[redacted]' } });
    logger.info({ token: 'tok_visa', input: { payment: { token: 'tok_visa' }, number: cardNumber } }, 'oops');
    assert.match(out.text, /oops/);
    assert.doesNotMatch(out.text, /tok_visa/);
    assert.ok(!out.text.includes(cardNumber));
  });
});

for (const target of testDbTargets()) {
  describe(`GET /api/admin/payments/{id} on ${target.name}`, { skip: target.skipReason }, () => {
    let host: PaymentsHost;
    before(async () => {
      host = await bootPayments(target);
    });
    after(() => host?.close());

    it('answers the payment to admin and support staff', async () => {
      const payment = value(await host.api.authorize(authorizeInput()));
      for (const role of ['admin', 'support'] as const) {
        const response = await host.app.inject({
          method: 'GET',
          url: `/api/admin/payments/${payment.id}`,
          headers: staff(role),
        });
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), payment);
      }
    });

    it('is 401 without a token, 403 for a customer or catalog staff, 404 for an unknown id', async () => {
      const url = '/api/admin/payments/pay_missing';
      assert.equal((await host.app.inject({ method: 'GET', url })).statusCode, 401);
      assert.equal((await host.app.inject({ method: 'GET', url, headers: customer })).statusCode, 403);
      assert.equal((await host.app.inject({ method: 'GET', url, headers: staff('catalog') })).statusCode, 403);
      const missing = await host.app.inject({ method: 'GET', url, headers: staff('admin') });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'payment_not_found');
    });
  });
}
