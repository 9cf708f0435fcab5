import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from 'typebox';
import { Body, MoneySchema } from '../index.ts';
import { noDb, type TestServer, testServer } from './harness.ts';

describe('operational routes', () => {
  let ready = true;
  let server: TestServer;
  before(async () => {
    server = await testServer({
      db: noDb,
      isReady: async () => {
        if (ready === undefined) throw new Error('database unreachable');
        return ready;
      },
      routes(app) {
        app.post(
          '/api/widgets',
          {
            schema: {
              summary: 'Create a widget',
              body: Body({ name: Type.String({ maxLength: 80 }), price: MoneySchema }),
              response: { 201: Type.Object({ id: Type.String() }) },
            },
            config: { auth: { roles: ['admin'] } },
          },
          async (_request, reply) => reply.code(201).send({ id: 'wid_1' }),
        );
      },
    });
  });
  after(() => server.close());

  test('GET /healthz answers 200 { status: ok }', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  test('GET /readyz answers 200 when ready, else 503 with Retry-After and an error body', async () => {
    ready = true;
    assert.equal((await server.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    ready = false;
    const notReady = await server.app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(notReady.statusCode, 503);
    assert.ok(notReady.headers['retry-after']);
    assert.equal(notReady.json().error.code, 'not_ready');
    ready = undefined as unknown as boolean;
    assert.equal((await server.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 503);
    ready = true;
  });

  test('GET /openapi.json is an OpenAPI 3.1 document with the route schemas and error responses', async () => {
    const response = await server.app.inject({ method: 'GET', url: '/openapi.json' });
    assert.equal(response.statusCode, 200);
    const document = response.json();
    assert.match(document.openapi, /^3\.1\./);
    const operation = document.paths['/api/widgets'].post;
    assert.equal(operation.summary, 'Create a widget');
    const body = operation.requestBody.content['application/json'].schema;
    assert.deepEqual(body.required, ['name', 'price']);
    assert.equal(body.additionalProperties, false);
    assert.equal(body.properties.price.properties.amount.type, 'integer');
    assert.ok(operation.responses['201']);
    const error = operation.responses['4XX'].content['application/json'].schema;
    assert.deepEqual(error.properties.error.required, ['code', 'message']);
    assert.ok(operation.responses['5XX']);
    for (const hidden of ['/healthz', '/readyz', '/metrics', '/openapi.json', '/docs']) {
      assert.equal(document.paths[hidden], undefined, `${hidden} is not documented`);
    }
  });

  test('GET /docs serves the API reference with its assets from this server, not a CDN', async () => {
    const page = await server.app.inject({ method: 'GET', url: '/docs' });
    const html =
      page.statusCode === 302 ? await server.app.inject({ method: 'GET', url: page.headers.location! }) : page;
    assert.equal(html.statusCode, 200);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.doesNotMatch(html.body, /(src|href)="https?:\/\//);
    const bundle = await server.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    assert.equal(bundle.statusCode, 200);
    const spec = await server.app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(spec.json().openapi, '3.1.0');
  });

  test('operational routes make no span and no request log line', async () => {
    server.telemetry.spans!.reset();
    const linesBefore = server.logs.length;
    await server.app.inject({ method: 'GET', url: '/healthz' });
    await server.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(server.telemetry.spans!.getFinishedSpans().length, 0);
    assert.equal(server.logs.length, linesBefore);
  });
});
