import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { noDb, type TestServer, testServer } from './harness.ts';

describe('transport headers', () => {
  let behindProxy: TestServer;
  let direct: TestServer;
  before(async () => {
    const routes = (app: TestServer['app']) => {
      app.get('/api/things', { config: { auth: 'public' } }, async () => ({ things: [] }));
      app.get('/api/pictures/1', { config: { auth: 'public' } }, async (_request, reply) =>
        reply.header('cache-control', 'public, max-age=60').send({ picture: 1 }),
      );
      app.get('/page', { config: { auth: 'public' } }, async () => 'a page');
    };
    behindProxy = await testServer({ db: noDb, routes, trustedProxyHops: 1 });
    direct = await testServer({ db: noDb, routes });
  });
  after(async () => {
    await behindProxy.close();
    await direct.close();
  });

  it('sends HSTS on answers that came over HTTPS through a trusted proxy, and not over plain HTTP', async () => {
    const https = await behindProxy.app.inject({ url: '/page', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(https.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
    const http = await behindProxy.app.inject({ url: '/page' });
    assert.equal(http.headers['strict-transport-security'], undefined);
  });

  it('ignores a forwarded protocol when no proxy is trusted', async () => {
    const spoofed = await direct.app.inject({ url: '/page', headers: { 'x-forwarded-proto': 'https' } });
    assert.equal(spoofed.headers['strict-transport-security'], undefined);
  });

  it('marks API answers no-store unless the route chose its own caching, errors included', async () => {
    assert.equal((await direct.app.inject({ url: '/api/things' })).headers['cache-control'], 'no-store');
    assert.equal((await direct.app.inject({ url: '/api/nothing-here' })).headers['cache-control'], 'no-store');
    assert.equal((await direct.app.inject({ url: '/api/pictures/1' })).headers['cache-control'], 'public, max-age=60');
    assert.equal((await direct.app.inject({ url: '/page' })).headers['cache-control'], undefined);
  });
});
