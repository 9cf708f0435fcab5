import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Type } from 'typebox';
import { createTelemetry } from '../../telemetry/index.ts';
import {
  type Authenticate,
  authorizationError,
  Body,
  bearerAuthentication,
  createHttpServer,
  declaredRolesOnly,
  type HttpApp,
  HttpError,
  type Principal,
  type RouteAuth,
} from '../index.ts';
import { adminRouteMatrix, exampleUrl, expectedAccess, type ProbeTokens, probeAdminRoutes } from '../testing.ts';
import { noDb, type TestServer, testServer } from './harness.ts';

const tokens = {
  customer: 'customer.cus_1',
  staff: { admin: 'staff.admin.stf_1', catalog: 'staff.catalog.stf_2', support: 'staff.support.stf_3' },
} as const satisfies ProbeTokens;
/** The roles of this test's staff (the platform itself knows none). */
const testRoles: readonly string[] = Object.keys(tokens.staff);

/**
 * Test tokens are readable: `customer.<id>` or `staff.<role>.<id>`; `fail` makes the
 * verifier throw. Anything else is an invalid token.
 */
async function verifyTestToken(token: string): Promise<Principal | null> {
  if (token === 'fail') throw new Error('key store unreachable');
  const [kind, first, second] = token.split('.');
  if (kind === 'customer' && first) return { id: first, kind: 'customer', sessionId: `ses_${first}` };
  const role = testRoles.find((candidate) => candidate === first);
  if (kind === 'staff' && role && second) return { id: second, kind: 'staff', role, sessionId: `ses_${second}` };
  return null;
}

const testAuthenticate = bearerAuthentication(verifyTestToken);
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ThingBody = Body({ name: Type.String({ minLength: 1 }) });
const ThingParams = Type.Object({ id: Type.String({ examples: ['thg_1'] }) });

function routes(app: HttpApp) {
  const whoAmI = async (request: { principal: Principal | null }) => ({ principal: request.principal });
  app.get('/api/things', { schema: { summary: 'List things' }, config: { auth: 'public' } }, whoAmI);
  app.get('/api/me-too', { config: { auth: 'customer' } }, whoAmI);
  app.get(
    '/api/admin/things/:id',
    { schema: { params: ThingParams, description: 'One thing.' }, config: { auth: { roles: ['admin', 'catalog'] } } },
    whoAmI,
  );
  app.post(
    '/api/admin/things',
    { schema: { body: ThingBody }, config: { auth: { roles: ['admin'] } } },
    async (_request, reply) => reply.code(201).send({ id: 'thg_2' }),
  );
  app.delete('/api/admin/things/:id', { config: { auth: { roles: ['support', 'admin'] } } }, async (_request, reply) =>
    reply.code(204).send(),
  );
  app.get('/outside', async () => ({ ok: true }));
}

/** A bare server, for checks that happen when routes are registered. */
async function bareServer(): Promise<{ app: HttpApp; close(): Promise<void> }> {
  const telemetry = createTelemetry({ serviceName: 'test', logLevel: 'silent', tracing: 'memory' });
  const app = await createHttpServer({ telemetry, db: noDb, isReady: async () => true });
  return {
    app,
    async close() {
      await app.close();
      await telemetry.shutdown();
    },
  };
}

describe('authorizationError', () => {
  const customer: Principal = { id: 'cus_1', kind: 'customer', sessionId: 's1' };
  const catalog: Principal = { id: 'stf_1', kind: 'staff', role: 'catalog', sessionId: 's2' };
  const roleless: Principal = { id: 'stf_2', kind: 'staff', sessionId: 's3' };
  const status = (rule: RouteAuth | undefined, principal: Principal | null) =>
    authorizationError(rule, principal)?.statusCode ?? 'allowed';

  test('lets anyone call a public route or a route without a rule', () => {
    assert.equal(status('public', null), 'allowed');
    assert.equal(status(undefined, null), 'allowed');
  });

  test('answers 401 to an anonymous caller of any protected route', () => {
    assert.equal(status('customer', null), 401);
    assert.equal(status({ roles: ['admin'] }, null), 401);
  });

  test('lets any signed-in principal, staff included, call a customer route', () => {
    assert.equal(status('customer', customer), 'allowed');
    assert.equal(status('customer', catalog), 'allowed');
  });

  test('answers 403 unless a staff principal holds one of the roles', () => {
    assert.equal(status({ roles: ['admin', 'catalog'] }, catalog), 'allowed');
    assert.equal(status({ roles: ['admin'] }, catalog), 403);
    assert.equal(status({ roles: ['admin'] }, customer), 403);
    assert.equal(status({ roles: ['admin'] }, roleless), 403);
    // A customer principal that somehow carries a role is still not staff.
    assert.equal(status({ roles: ['admin'] }, { ...customer, role: 'admin' }), 403);
  });
});

describe('request authentication and route rules', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ db: noDb, authenticate: testAuthenticate, routes });
  });
  after(() => server.close());
  const call = (
    method: 'GET' | 'POST' | 'DELETE' | 'HEAD',
    url: string,
    headers: Record<string, string> = {},
    payload?: object,
  ) => server.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });

  test('serves a public route to anonymous callers, and to signed-in ones with their principal', async () => {
    const anonymous = await call('GET', '/api/things');
    assert.equal(anonymous.statusCode, 200);
    assert.deepEqual(anonymous.json(), { principal: null });
    const signedIn = await call('GET', '/api/things', bearer('customer.cus_7'));
    assert.deepEqual(signedIn.json().principal, { id: 'cus_7', kind: 'customer', sessionId: 'ses_cus_7' });
  });

  test('refuses an invalid token with 401 invalid_token and a Bearer challenge, even on a public route', async () => {
    for (const url of ['/api/things', '/api/me-too', '/api/admin/things/thg_1']) {
      const response = await call('GET', url, bearer('forged'));
      assert.equal(response.statusCode, 401, url);
      assert.equal(response.json().error.code, 'invalid_token');
      assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"');
    }
  });

  test('refuses an Authorization header that is not a bearer token', async () => {
    for (const authorization of [
      'Basic dXNlcjpwYXNz',
      'Bearer',
      'Bearer two words',
      '',
      `Bearer ${'a'.repeat(5000)}`,
    ]) {
      const response = await call('GET', '/api/things', { authorization });
      assert.equal(response.statusCode, 401, authorization.slice(0, 20));
      assert.equal(response.json().error.code, 'invalid_token');
    }
  });

  test('answers 401 unauthorized with WWW-Authenticate: Bearer when a protected route gets no token', async () => {
    for (const url of ['/api/me-too', '/api/admin/things/thg_1']) {
      const response = await call('GET', url);
      assert.equal(response.statusCode, 401, url);
      assert.deepEqual(response.json().error.code, 'unauthorized');
      assert.equal(response.headers['www-authenticate'], 'Bearer');
    }
  });

  test('serves a customer route to customers and staff alike', async () => {
    assert.equal((await call('GET', '/api/me-too', bearer(tokens.customer))).statusCode, 200);
    const staff = await call('GET', '/api/me-too', bearer(tokens.staff.support));
    assert.equal(staff.statusCode, 200);
    assert.equal(staff.json().principal.role, 'support');
  });

  test('answers 403 forbidden to customers and to staff without one of the route roles', async () => {
    const customer = await call('GET', '/api/admin/things/thg_1', bearer(tokens.customer));
    assert.equal(customer.statusCode, 403);
    assert.equal(customer.json().error.code, 'forbidden');
    assert.equal((await call('GET', '/api/admin/things/thg_1', bearer(tokens.staff.support))).statusCode, 403);
    assert.equal((await call('GET', '/api/admin/things/thg_1', bearer(tokens.staff.catalog))).statusCode, 200);
  });

  test('applies the GET rule to the HEAD route Fastify adds', async () => {
    assert.equal((await call('HEAD', '/api/admin/things/thg_1')).statusCode, 401);
    assert.equal((await call('HEAD', '/api/admin/things/thg_1', bearer(tokens.customer))).statusCode, 403);
  });

  test('refuses before validating the body, so the answer does not depend on it', async () => {
    const invalid = { name: '', extra: true };
    assert.equal((await call('POST', '/api/admin/things', {}, invalid)).statusCode, 401);
    assert.equal((await call('POST', '/api/admin/things', bearer(tokens.customer), invalid)).statusCode, 403);
    assert.equal((await call('POST', '/api/admin/things', bearer(tokens.staff.admin), invalid)).statusCode, 400);
    assert.equal((await call('POST', '/api/admin/things', bearer(tokens.staff.admin), { name: 'x' })).statusCode, 201);
  });

  test('refuses before claiming an idempotency key (this server has no database: a claim would be a 500)', async () => {
    const headers = { 'idempotency-key': 'k-1' };
    assert.equal((await call('POST', '/api/admin/things', headers, { name: 'x' })).statusCode, 401);
    assert.equal(
      (await call('POST', '/api/admin/things', { ...headers, ...bearer(tokens.customer) }, { name: 'x' })).statusCode,
      403,
    );
  });

  test('answers 500 without details when the verifier fails, not 401', async () => {
    const response = await call('GET', '/api/things', bearer('fail'));
    assert.equal(response.statusCode, 500);
    assert.equal(response.json().error.code, 'internal_error');
  });

  test('leaves routes outside /api without a rule public, and unknown paths 404', async () => {
    assert.equal((await call('GET', '/outside')).statusCode, 200);
    assert.equal((await call('GET', '/api/nothing-here', bearer('forged'))).statusCode, 404);
    assert.equal((await call('GET', '/healthz', bearer('forged'))).statusCode, 200);
  });
});

describe('authentication seams', () => {
  test('without an authenticate function every caller is anonymous: protected routes answer 401', async () => {
    const server = await testServer({ db: noDb, routes });
    try {
      assert.equal((await server.app.inject({ method: 'GET', url: '/api/things' })).statusCode, 200);
      const response = await server.app.inject({ method: 'GET', url: '/api/me-too', headers: bearer(tokens.customer) });
      assert.equal(response.statusCode, 401);
    } finally {
      await server.close();
    }
  });

  test('adds a Bearer challenge to a 401 thrown by a custom authenticate', async () => {
    const authenticate: Authenticate = async () => {
      throw new HttpError(401, 'token_expired', 'The access token has expired.');
    };
    const server = await testServer({ db: noDb, routes, authenticate });
    try {
      const response = await server.app.inject({ method: 'GET', url: '/api/things' });
      assert.equal(response.statusCode, 401);
      assert.equal(response.json().error.code, 'token_expired');
      assert.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"');
    } finally {
      await server.close();
    }
  });
});

describe('route rules checked at registration', () => {
  const refused: [string, string, unknown][] = [
    ['an /api route without a rule', '/api/x', undefined],
    ['an admin route without a rule', '/api/admin/x', undefined],
    ['a public admin route', '/api/admin/x', 'public'],
    ['a customer admin route', '/api/admin/x', 'customer'],
    ['an empty role list', '/api/admin/x', { roles: [] }],
    ['a role that is not a name', '/api/x', { roles: [''] }],
    ['a role list that is not a list', '/api/x', { roles: 'admin' }],
    ['an unknown rule', '/api/x', 'staff'],
  ];
  for (const [what, url, auth] of refused) {
    test(`refuses ${what}, failing the boot`, async () => {
      const server = await bareServer();
      try {
        await assert.rejects(
          async () => {
            server.app.get(url, { config: auth === undefined ? {} : { auth: auth as RouteAuth } }, async () => ({}));
            await server.app.ready();
          },
          new RegExp(`GET ${url.replaceAll('/', '\\/')}`),
        );
      } finally {
        await server.close();
      }
    });
  }

  test('refuses, once the declared roles are checked, a role nobody declared, naming the route and the role', async () => {
    const server = await bareServer();
    try {
      // What the module host adds when its modules declare roles (platform/module/test/roles.test.ts).
      server.app.addHook('onRoute', declaredRolesOnly(['admin', 'support']));
      server.app.get('/api/admin/a', { config: { auth: { roles: ['support'] } } }, async () => ({}));
      assert.throws(
        () => server.app.get('/api/admin/b', { config: { auth: { roles: ['admin', 'root'] } } }, async () => ({})),
        /Route GET \/api\/admin\/b names the role root, which no module declares \(declared: admin, support\)/,
      );
    } finally {
      await server.close();
    }
  });

  test('accepts rules that fit the path, and rule-less routes outside /api', async () => {
    const server = await bareServer();
    try {
      server.app.get('/api/a', { config: { auth: 'public' } }, async () => ({}));
      server.app.get('/api/b', { config: { auth: { roles: ['support'] } } }, async () => ({}));
      server.app.get('/api/admin/c', { config: { auth: { roles: ['admin'] } } }, async () => ({}));
      server.app.get('/images/:file', async () => ({}));
      await server.app.ready();
    } finally {
      await server.close();
    }
  });
});

describe('OpenAPI security', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ db: noDb, authenticate: testAuthenticate, routes });
  });
  after(() => server.close());

  test('declares the bearerAuth scheme and requires it on protected routes only, naming their roles', async () => {
    const document = (await server.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.deepEqual(document.components.securitySchemes.bearerAuth, {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    const bearerOnly = [{ bearerAuth: [] }];
    assert.equal(document.paths['/api/things'].get.security, undefined);
    assert.equal(document.paths['/api/things'].get.description, undefined);
    assert.deepEqual(document.paths['/api/me-too'].get.security, bearerOnly);
    assert.match(document.paths['/api/me-too'].get.description, /signed-in customer or staff/);
    const one = document.paths['/api/admin/things/{id}'];
    assert.deepEqual(one.get.security, bearerOnly);
    assert.equal(one.get.description, 'One thing.\n\nRoles: admin, catalog.');
    assert.match(one.delete.description, /^Roles: support, admin\.$/);
    assert.deepEqual(document.paths['/api/admin/things'].post.security, bearerOnly);
  });
});

describe('admin route matrix', () => {
  let server: TestServer;
  before(async () => {
    server = await testServer({ db: noDb, authenticate: testAuthenticate, routes });
  });
  after(() => server.close());

  test('lists every admin route once per method with an example url and its rule', () => {
    const matrix = adminRouteMatrix(server.app).map(({ method, url, auth }) => ({
      method,
      url,
      roles: auth.roles.join(),
    }));
    assert.deepEqual(matrix, [
      { method: 'GET', url: '/api/admin/things/thg_1', roles: 'admin,catalog' },
      { method: 'POST', url: '/api/admin/things', roles: 'admin' },
      { method: 'DELETE', url: '/api/admin/things/example', roles: 'support,admin' },
    ]);
  });

  test('fills params from schema examples, defaults, or a placeholder', () => {
    const params = Type.Object({ sku: Type.String({ default: 'SKU 1' }), n: Type.String() });
    assert.equal(exampleUrl({ url: '/api/admin/:sku/x/:n(^\\d+)', params }), '/api/admin/SKU%201/x/example');
    assert.equal(exampleUrl({ url: '/api/admin/files/*', params: undefined }), '/api/admin/files/example');
  });

  test('expects 401 without a token, 403 for customers and other roles, access for the listed roles', () => {
    const rule = { roles: ['catalog'] as const };
    assert.equal(expectedAccess(rule, 'anonymous'), 'unauthorized');
    assert.equal(expectedAccess(rule, 'customer'), 'forbidden');
    assert.equal(expectedAccess(rule, 'admin'), 'forbidden');
    assert.equal(expectedAccess(rule, 'catalog'), 'allowed');
  });

  test('every admin route: no token → 401, customer → 403, each role → allowed or 403 by its rule', async () => {
    assert.deepEqual(await probeAdminRoutes(server.app, tokens), []);
  });

  test('the probe catches a server that lets customers in (it can fail)', async () => {
    // Broken on purpose: every customer token is taken for an admin.
    const lenient: Authenticate = async (request) => {
      const principal = await testAuthenticate(request);
      return principal?.kind === 'customer' ? { ...principal, kind: 'staff', role: 'admin' } : principal;
    };
    const broken = await testServer({ db: noDb, authenticate: lenient, routes });
    try {
      const mismatches = await probeAdminRoutes(broken.app, tokens);
      assert.equal(mismatches.length, 3);
      assert.ok(mismatches.every((mismatch) => mismatch.caller === 'customer' && mismatch.expected === 'forbidden'));
    } finally {
      await broken.close();
    }
  });
});
