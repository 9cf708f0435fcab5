import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from 'typebox';
import { Body, HttpError } from '../index.ts';
import { noDb, type TestServer, testServer } from './harness.ts';

const ItemBody = Body({
  name: Type.String({ minLength: 1 }),
  quantity: Type.Integer({ minimum: 1, maximum: 999 }),
  tags: Type.Optional(Type.Array(Type.String(), { maxItems: 3 })),
});

describe('http error mapping', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({
      db: noDb,
      routes(app) {
        app.post(
          '/items',
          { schema: { body: ItemBody, querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }) } },
          async (request) => ({
            name: request.body.name,
            dryRun: request.query.dryRun ?? false,
          }),
        );
        app.get(
          '/items/:id',
          { schema: { params: Type.Object({ id: Type.String({ pattern: '^item_' }) }) } },
          async () => ({}),
        );
        app.get('/teapot', async () => {
          throw new HttpError(418, 'teapot', 'I am a teapot.', { brewing: true }, { 'retry-after': '7' });
        });
        app.get('/crash', async () => {
          throw new Error('relation "catalog.secret" does not exist at /srv/app/store.ts:42');
        });
      },
    });
  });
  after(() => server.close());

  const post = (payload: string, contentType = 'application/json') =>
    server.app.inject({ method: 'POST', url: '/items', payload, headers: { 'content-type': contentType } });

  test('accepts a valid body and coerces querystring values', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/items?dryRun=true',
      payload: { name: 'a', quantity: 2 },
    });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { name: 'a', dryRun: true });
  });

  test('answers 400 invalid_request with the path of each issue on a validation failure', async () => {
    const response = await post(JSON.stringify({ name: 'a', quantity: 0 }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: {
        code: 'invalid_request',
        message: 'The request is invalid.',
        details: { issues: [{ path: 'body.quantity', message: 'must be >= 1' }] },
      },
    });
  });

  test('names a missing required field', async () => {
    const response = await post(JSON.stringify({ quantity: 1 }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().error.details.issues, [{ path: 'body.name', message: 'is required' }]);
  });

  test('rejects an unknown JSON field with 400 instead of dropping it', async () => {
    const response = await post(JSON.stringify({ name: 'a', quantity: 1, price: 1 }));
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'invalid_request');
    assert.deepEqual(response.json().error.details.issues, [{ path: 'body.price', message: 'is not a known field' }]);
  });

  test('does not coerce body types: a quantity sent as a string is a 400', async () => {
    const response = await post(JSON.stringify({ name: 'a', quantity: '2' }));
    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json().error.details.issues, [{ path: 'body.quantity', message: 'must be integer' }]);
  });

  test('reports params and querystring issues under their part', async () => {
    const params = await server.app.inject({ method: 'GET', url: '/items/nope' });
    assert.equal(params.statusCode, 400);
    assert.equal(params.json().error.details.issues[0].path, 'params.id');
    const query = await server.app.inject({
      method: 'POST',
      url: '/items?dryRun=maybe',
      payload: { name: 'a', quantity: 1 },
    });
    assert.equal(query.statusCode, 400);
    assert.equal(query.json().error.details.issues[0].path, 'querystring.dryRun');
  });

  test('answers 400 invalid_request to malformed JSON', async () => {
    const response = await post('{"name": "a",');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'invalid_request');
  });

  test('answers 400 invalid_request to an empty JSON body', async () => {
    const response = await post('');
    assert.equal(response.statusCode, 400);
    assert.equal(response.json().error.code, 'invalid_request');
  });

  test('answers 413 payload_too_large to a body over 1 MiB', async () => {
    const response = await post(JSON.stringify({ name: 'x'.repeat(1024 * 1024), quantity: 1 }));
    assert.equal(response.statusCode, 413);
    assert.equal(response.json().error.code, 'payload_too_large');
  });

  test('answers 415 unsupported_media_type to a body that is not JSON', async () => {
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await post('name=a', contentType);
      assert.equal(response.statusCode, 415, contentType);
      assert.equal(response.json().error.code, 'unsupported_media_type');
    }
  });

  test('answers 404 not_found to an unknown route', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/no/such/route' });
    assert.equal(response.statusCode, 404);
    assert.equal(response.json().error.code, 'not_found');
  });

  test('sends an HttpError with its status, code, details and headers', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/teapot' });
    assert.equal(response.statusCode, 418);
    assert.equal(response.headers['retry-after'], '7');
    assert.deepEqual(response.json(), {
      error: { code: 'teapot', message: 'I am a teapot.', details: { brewing: true } },
    });
  });

  test('answers any other error with a generic 500 and logs it with the request id', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/crash' });
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { error: { code: 'internal_error', message: 'An internal error occurred.' } });
    assert.doesNotMatch(response.body, /catalog\.secret|store\.ts|\/srv|at /);
    const logged = server.logs.find(
      (line) => line.msg === 'request failed' && line.reqId === response.headers['x-request-id'],
    );
    assert.ok(logged, 'the failure is logged');
    assert.match(JSON.stringify(logged.err), /catalog\.secret/);
  });
});
