import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Type } from 'typebox';
import { Body } from '../index.ts';
import { noDb, type TestServer, testServer } from './harness.ts';

describe('strings no field may hold are refused at the edge', () => {
  let server: TestServer;
  let handled = 0;
  before(async () => {
    server = await testServer({
      db: noDb,
      routes(app) {
        const handler = async () => {
          handled++;
          return { ok: true };
        };
        app.get('/api/things/:id', { config: { auth: 'public' } }, handler);
        app.post(
          '/api/things',
          {
            config: { auth: 'public' },
            schema: {
              body: Body({ name: Type.String(), tags: Type.Optional(Type.Record(Type.String(), Type.String())) }),
            },
          },
          handler,
        );
      },
    });
  });
  after(() => server.close());

  it('answers 400 invalid_request for NUL or invalid characters in the path, query and body, without running the route', async () => {
    const refused = [
      { method: 'GET', url: '/api/things/abc%00def' },
      { method: 'GET', url: '/api/things/abc?q=a%00b' },
      { method: 'GET', url: '/api/things/abc?q=%ED%A0%80' },
      { method: 'GET', url: '/api/things/%E0%A4%A' },
      { method: 'POST', url: '/api/things', payload: '{"name":"a\\u0000b"}' },
      { method: 'POST', url: '/api/things', payload: '{"name":"\\ud800"}' },
      { method: 'POST', url: '/api/things', payload: '{"name":"ok","tags":{"a\\u0000":"b"}}' },
    ] as const;
    for (const request of refused) {
      const response = await server.app.inject({
        ...request,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(
        response.statusCode,
        400,
        `${request.method} ${request.url} ${'payload' in request ? request.payload : ''}`,
      );
      assert.equal((response.json() as { error: { code: string } }).error.code, 'invalid_request', response.body);
    }
    assert.equal(handled, 0);
  });

  it('lets ordinary text through, accents and emoji included', async () => {
    const get = await server.app.inject({ url: '/api/things/caf%C3%A9?q=%F0%9F%91%9F%20shoes' });
    assert.equal(get.statusCode, 200);
    const post = await server.app.inject({
      method: 'POST',
      url: '/api/things',
      payload: { name: 'Zoë 👟', tags: { colour: 'rouge' } },
    });
    assert.equal(post.statusCode, 200);
    assert.equal(handled, 2);
  });
});
