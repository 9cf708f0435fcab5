import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fail } from '../../kernel/index.ts';
import { replyFailure, type StatusTable } from '../index.ts';
import { noDb, type TestServer, testServer } from './harness.ts';

type Code = 'inventory_unavailable' | 'out_of_stock';
const statuses: StatusTable<Code> = { inventory_unavailable: 503, out_of_stock: 409 };

/** What a database driver's error looks like: the failing statement's values ride along. */
function databaseError(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "customers_email_key"'), {
    code: '23505',
    constraint: 'customers_email_key',
    detail: 'Key (email)=(victim@example.com) already exists.',
    params: ['victim@example.com', '1 Secret Street'],
    query: 'INSERT INTO customers.customers (email, address) VALUES ($1, $2)',
  });
}

describe('server-side failures tell the client nothing internal', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({
      db: noDb,
      routes(app) {
        app.get('/api/unavailable', { config: { auth: 'public' } }, async (_request, reply) =>
          replyFailure(
            reply,
            fail<Code>('inventory_unavailable', 'reserve kept failing: PoolError: connect ECONNREFUSED 10.1.2.3:5432', {
              retryAfterSeconds: 5,
            }),
            statuses,
          ),
        );
        app.get('/api/conflict', { config: { auth: 'public' } }, async (_request, reply) =>
          replyFailure(reply, fail<Code>('out_of_stock', 'Only 2 left of SKU-1.'), statuses),
        );
        app.get('/api/crash', { config: { auth: 'public' } }, async () => {
          throw databaseError();
        });
      },
    });
  });
  after(() => server.close());

  it('answers a 5xx failure with its code and a catalogue message, and logs the detail with the request id', async () => {
    const response = await server.app.inject({ url: '/api/unavailable', headers: { 'x-request-id': 'req-503' } });
    assert.equal(response.statusCode, 503);
    assert.equal(response.headers['retry-after'], '5');
    const body = response.json() as { error: { code: string; message: string; details?: unknown } };
    assert.equal(body.error.code, 'inventory_unavailable');
    assert.doesNotMatch(body.error.message, /kept failing|PoolError|ECONNREFUSED|10\.1\.2\.3/);
    assert.equal(body.error.details, undefined);
    const logged = server.logs.find((line) => line.reqId === 'req-503' && line['detail'] !== undefined);
    assert.match(String(logged?.['detail']), /ECONNREFUSED/);
  });

  it('keeps the message of a client failure (4xx), which is written for the client', async () => {
    const response = await server.app.inject({ url: '/api/conflict' });
    assert.equal(response.statusCode, 409);
    assert.equal((response.json() as { error: { message: string } }).error.message, 'Only 2 left of SKU-1.');
  });

  it('logs an unexpected database error without the statement’s values', async () => {
    const response = await server.app.inject({ url: '/api/crash', headers: { 'x-request-id': 'req-500' } });
    assert.equal(response.statusCode, 500);
    assert.doesNotMatch(response.body, /victim|Secret|customers_email_key/);
    const logged = server.logs.find((line) => line.reqId === 'req-500' && line['err'] !== undefined);
    const err = logged?.['err'] as Record<string, unknown> | undefined;
    assert.equal(err?.['code'], '23505');
    assert.equal(err?.['constraint'], 'customers_email_key');
    const text = JSON.stringify(server.logs);
    assert.doesNotMatch(text, /victim@example\.com|Secret Street/);
  });
});
