import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { answerKey, countInto, send, type Tally } from './client.ts';

describe('answerKey', () => {
  it('names an answer by status, and by error code when it has one', () => {
    assert.equal(answerKey({ status: 201, code: null }), '201');
    assert.equal(answerKey({ status: 409, code: 'insufficient_stock' }), '409 insufficient_stock');
    assert.equal(answerKey({ status: 0, code: 'timeout' }), '0 timeout');
  });
});

describe('countInto', () => {
  it('adds to a key, starting from zero', () => {
    const tally: Tally = {};
    countInto(tally, '201');
    countInto(tally, '201', 4);
    assert.deepEqual(tally, { '201': 5 });
  });
});

describe('send', () => {
  it('answers status, error code and parsed body, and status 0 when nothing listens', async () => {
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/refuse' ? 409 : 200, { 'content-type': 'application/json' });
      response.end(
        request.url === '/refuse' ? '{"error":{"code":"insufficient_stock","message":"no"}}' : '{"ok":true}',
      );
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    const address = server.address();
    const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    try {
      const ok = await send(baseUrl, { method: 'POST', path: '/', body: {} });
      assert.deepEqual([ok.status, ok.code, ok.body], [200, null, { ok: true }]);
      const refused = await send(baseUrl, { method: 'GET', path: '/refuse' });
      assert.deepEqual([refused.status, refused.code], [409, 'insufficient_stock']);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
    const unreachable = await send(baseUrl, { method: 'GET', path: '/' });
    assert.deepEqual([unreachable.status, unreachable.code], [0, 'connection_error']);
  });
});
