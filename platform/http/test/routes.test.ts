import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { fail, ok, type Result } from '../../kernel/index.ts';
import { actorOf, replyResult, type StatusTable } from '../index.ts';
import { noDb, type TestServer, testServer } from './harness.ts';

type Code = 'not_found' | 'rate_limited';
const statuses: StatusTable<Code> = { not_found: 404, rate_limited: 429 };

/** A use case answering what the query string asks for. */
function useCase(outcome: string | undefined): Result<{ id: string }, Code> {
  if (outcome === 'missing') return fail('not_found', 'No such thing.', { id: 'x' });
  if (outcome === 'limited') return fail('rate_limited', 'Slow down.', { retryAfterSeconds: 17 });
  return ok({ id: 'thing_1' });
}

describe('route helpers', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({
      db: noDb,
      authenticate: async (request) =>
        request.headers['x-test-staff'] === undefined
          ? null
          : { id: 'stf_1', kind: 'staff', role: 'catalog', sessionId: 'ses_1' },
      routes(app) {
        app.get<{ Querystring: { outcome?: string } }>('/things', async (request, reply) =>
          replyResult(reply, useCase(request.query.outcome), statuses),
        );
        app.post<{ Querystring: { outcome?: string } }>('/things', async (request, reply) =>
          replyResult(reply, useCase(request.query.outcome), statuses, (thing) => reply.code(201).send({ thing })),
        );
        app.get('/actor', async (request) => actorOf(request));
      },
    });
  });
  after(() => server.close());

  test('replyResult answers a success with its value and the default status', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/things' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { id: 'thing_1' });
  });

  test('replyResult answers a success as onOk makes it', async () => {
    const response = await server.app.inject({ method: 'POST', url: '/things' });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(response.json(), { thing: { id: 'thing_1' } });
  });

  test("replyResult answers a failure with its table's status and the error body, whatever onOk does", async () => {
    for (const method of ['GET', 'POST'] as const) {
      const response = await server.app.inject({ method, url: '/things?outcome=missing' });
      assert.equal(response.statusCode, 404);
      assert.deepEqual(response.json(), {
        error: { code: 'not_found', message: 'No such thing.', details: { id: 'x' } },
      });
      assert.equal(response.headers['retry-after'], undefined);
    }
  });

  test('a failure that says when to try again carries Retry-After', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/things?outcome=limited' });
    assert.equal(response.statusCode, 429);
    assert.equal(response.headers['retry-after'], '17');
  });

  test("actorOf names the staff member, their role and the request's id", async () => {
    const response = await server.app.inject({ method: 'GET', url: '/actor', headers: { 'x-test-staff': '1' } });
    assert.equal(response.statusCode, 200);
    const actor = response.json();
    assert.deepEqual(actor, { id: 'stf_1', role: 'catalog', requestId: response.headers['x-request-id'] });
    assert.ok(typeof actor.requestId === 'string' && actor.requestId.length > 0);
  });

  test('actorOf without a principal is a bug: 500', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/actor' });
    assert.equal(response.statusCode, 500);
  });
});
