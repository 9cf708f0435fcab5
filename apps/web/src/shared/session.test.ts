import assert from 'node:assert/strict';
import { test } from 'node:test';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { createApiClient } from './api.ts';
import { cookieJar } from './cookies.ts';
import { createCsrf } from './csrf.ts';
import { createSession } from './session.ts';

/**
 * A stand-in for the auth API with rotating refresh tokens: a spent refresh token
 * presented again is refused (API.md), which is what makes single-flight refresh matter.
 */
function fakeShop(): { app: FastifyInstance; refreshCalls: () => number } {
  const app = Fastify();
  let refreshCalls = 0;
  const spent = new Set<string>();
  const next: Record<string, string> = { r1: 'r2', r2: 'r3' };
  app.post<{ Body: { refreshToken: string } }>('/api/auth/refresh', async (request, reply) => {
    refreshCalls++;
    const token = request.body.refreshToken;
    const rotated = next[token];
    if (rotated === undefined || spent.has(token))
      return reply.code(401).send({ error: { code: 'invalid_refresh_token', message: 'no' } });
    spent.add(token);
    return { accessToken: `fresh-${rotated}`, refreshToken: rotated, expiresIn: 900 };
  });
  app.get('/api/me', async (request, reply) => {
    const header = request.headers.authorization;
    if (header === undefined) return reply.code(401).send({ error: { code: 'unauthorized', message: 'sign in' } });
    if (!header.startsWith('Bearer fresh-'))
      return reply.code(401).send({ error: { code: 'invalid_token', message: 'expired' } });
    return { customer: { id: 'cus_1', via: header, ip: request.ip } };
  });
  app.register(async (web) => {
    await web.register(cookie);
    await web.register(formbody);
    const jar = cookieJar('/');
    const session = createSession({ api: createApiClient(app), jar, cookiePrefix: 'shop' });
    const csrf = createCsrf({ secret: 'test-secret', cookieName: 'shop_csrf', jar });
    web.get('/whoami', async (request, reply) => {
      const answer = await session.call(request, reply, { path: '/api/me' });
      return reply.code(answer.status).send(answer.body);
    });
    web.get('/form', async (request, reply) => ({ token: csrf.token(request, reply) }));
    web.post('/form', async (request, reply) => reply.code(csrf.verify(request) ? 204 : 403).send());
  });
  return { app, refreshCalls: () => refreshCalls };
}

function cookiesOf(setCookie: string | string[] | undefined): Record<string, string> {
  const lines = setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie];
  return Object.fromEntries(lines.map((line) => line.split(';')[0]!.split('=') as [string, string]));
}

test('session › an expired access token is refreshed once and the call retried; new tokens go to httpOnly cookies', async () => {
  const { app, refreshCalls } = fakeShop();
  const response = await app.inject({
    url: '/whoami',
    cookies: { shop_at: 'stale', shop_rt: 'r1' },
    remoteAddress: '203.0.113.9',
  });
  assert.equal(response.statusCode, 200);
  assert.equal(response.json().customer.via, 'Bearer fresh-r2');
  assert.equal(response.json().customer.ip, '203.0.113.9', "the API sees the shopper's address, not the server's");
  assert.equal(refreshCalls(), 1);
  const set = [response.headers['set-cookie']].flat().join('\n');
  assert.match(set, /shop_at=fresh-r2;.*HttpOnly; SameSite=Lax/);
  assert.match(set, /shop_rt=r2;.*HttpOnly; SameSite=Lax/);
  await app.close();
});

test('session › concurrent requests holding the same refresh token refresh it only once (no self-inflicted reuse)', async () => {
  const { app, refreshCalls } = fakeShop();
  const answers = await Promise.all(
    Array.from({ length: 4 }, () => app.inject({ url: '/whoami', cookies: { shop_at: 'stale', shop_rt: 'r1' } })),
  );
  assert.deepEqual(
    answers.map((answer) => answer.statusCode),
    [200, 200, 200, 200],
  );
  assert.equal(refreshCalls(), 1);
  assert.ok(answers.every((answer) => cookiesOf(answer.headers['set-cookie'])['shop_rt'] === 'r2'));
  await app.close();
});

test('session › a lapsed access cookie is renewed before the call', async () => {
  const { app, refreshCalls } = fakeShop();
  const response = await app.inject({ url: '/whoami', cookies: { shop_rt: 'r1' } });
  assert.equal(response.statusCode, 200);
  assert.equal(refreshCalls(), 1);
  await app.close();
});

test('session › a refused refresh token signs the browser out and the call goes anonymous', async () => {
  const { app } = fakeShop();
  const response = await app.inject({ url: '/whoami', cookies: { shop_at: 'stale', shop_rt: 'unknown' } });
  assert.equal(response.statusCode, 401);
  assert.equal(response.json().error.code, 'unauthorized', 'retried without the refused token');
  const cleared = cookiesOf(response.headers['set-cookie']);
  assert.equal(cleared['shop_at'], '');
  assert.equal(cleared['shop_rt'], '');
  await app.close();
});

test('csrf › a form post with the token of its own cookie passes; a missing, foreign or forged one does not', async () => {
  const { app } = fakeShop();
  const form = await app.inject({ url: '/form' });
  const nonce = cookiesOf(form.headers['set-cookie'])['shop_csrf']!;
  const token = form.json().token as string;
  const post = (body: string, cookies: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST',
      url: '/form',
      payload: body,
      cookies,
      headers: { 'content-type': 'application/x-www-form-urlencoded', host: 'shop.test', ...headers },
    });
  assert.equal((await post(`_csrf=${token}`, { shop_csrf: nonce })).statusCode, 204);
  assert.equal((await post(`_csrf=${token}`, { shop_csrf: nonce }, { origin: 'http://shop.test' })).statusCode, 204);
  assert.equal((await post('', { shop_csrf: nonce })).statusCode, 403, 'no token');
  assert.equal((await post(`_csrf=${token}`, {})).statusCode, 403, 'no cookie (a cross-site post under SameSite=Lax)');
  assert.equal(
    (await post(`_csrf=${nonce}`, { shop_csrf: nonce })).statusCode,
    403,
    'the cookie value itself is not the token',
  );
  assert.equal(
    (await post(`_csrf=${token}`, { shop_csrf: nonce }, { origin: 'https://evil.test' })).statusCode,
    403,
    'foreign origin',
  );
  await app.close();
});
