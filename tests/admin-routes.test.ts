import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { adminRouteMatrix, probeAdminRoutes } from '@mercato/platform/http/testing';
import { type App, createApp } from '../apps/mercato/src/app.ts';
import { readConfig } from '../apps/mercato/src/config.ts';

/**
 * Who may call each staff route: the permission table of the platform, reviewed here
 * in one place. Routes declare their rule themselves; this test holds them to the
 * table, so a new admin route needs a line here and a changed rule shows in review.
 */
const permissions: Record<string, readonly string[]> = {
  'GET /api/admin/audit-log': ['admin'],
  'GET /api/admin/stats': ['admin', 'catalog', 'support'],
  'POST /api/admin/categories': ['admin', 'catalog'],
  'POST /api/admin/products': ['admin', 'catalog'],
  'PATCH /api/admin/products/:id': ['admin', 'catalog'],
  'DELETE /api/admin/products/:id': ['admin', 'catalog'],
  'POST /api/admin/products/:id/images': ['admin', 'catalog'],
  'GET /api/admin/customers': ['admin', 'support'],
  'PATCH /api/admin/customers/:id': ['admin'],
  'GET /api/admin/inventory': ['admin', 'catalog', 'support'],
  'POST /api/admin/inventory/:sku/adjustments': ['admin', 'catalog'],
  'GET /api/admin/payments/:id': ['admin', 'support'],
  'GET /api/admin/orders': ['admin', 'support'],
  'GET /api/admin/orders/:id': ['admin', 'support'],
  'POST /api/admin/orders/:id/fulfill': ['admin', 'support'],
  'POST /api/admin/orders/:id/deliver': ['admin', 'support'],
  'POST /api/admin/orders/:id/refund': ['admin'],
  'GET /api/admin/returns': ['admin', 'support'],
  'POST /api/admin/returns/:id/accept': ['admin', 'support'],
  'POST /api/admin/returns/:id/reject': ['admin', 'support'],
  'POST /api/admin/returns/:id/receive': ['admin', 'support'],
  'GET /api/admin/mailbox': ['admin', 'support'],
  'POST /api/admin/discounts': ['admin', 'catalog'],
  'GET /api/admin/discounts': ['admin', 'catalog'],
  'PATCH /api/admin/discounts/:id': ['admin', 'catalog'],
  'GET /api/admin/reviews': ['admin', 'support'],
  'POST /api/admin/reviews/:id/hide': ['admin', 'support'],
  'POST /api/admin/reviews/:id/restore': ['admin', 'support'],
};

/**
 * Every admin route of the whole app, from the route table: no token → 401, a
 * customer → 403, each staff role → allowed or 403 as its rule says. A new admin
 * route joins this test by being registered; one without a rule fails the boot.
 */
describe('admin routes of the app', () => {
  let app: App;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'mercato-admin-'));
    app = await createApp(
      readConfig({ flags: { port: '0', data: dataDir, products: '0' }, env: { LOG_LEVEL: 'silent' }, cwd: dataDir }),
    );
    await app.http.ready();
  });

  after(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function login(email: string, password: string): Promise<string> {
    const response = await app.http.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    assert.equal(response.statusCode, 200, response.body);
    return JSON.parse(response.body).accessToken;
  }

  it('follow the permission table, route by route', () => {
    const declared: Record<string, readonly string[]> = {};
    for (const route of adminRouteMatrix(app.http)) {
      declared[`${route.method} ${route.pattern}`] = [...route.auth.roles].sort();
    }
    const expected = Object.fromEntries(
      Object.entries(permissions).map(([route, roles]) => [route, [...roles].sort()]),
    );
    assert.deepEqual(declared, expected);
  });

  it('answer 401 without a token, 403 to customers and to staff without the role', async () => {
    const password = 'a long and unusual passphrase';
    const staff: Record<'admin' | 'catalog' | 'support', string> = { admin: '', catalog: '', support: '' };
    for (const role of ['admin', 'catalog', 'support'] as const) {
      const created = await app.customers.createStaff({ email: `${role}@example.com`, password, role });
      assert.ok(created.ok);
      staff[role] = await login(`${role}@example.com`, password);
    }
    const registered = await app.http.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'shopper@example.com', password, name: 'Shopper' },
    });
    assert.equal(registered.statusCode, 201, registered.body);
    const customer = JSON.parse(registered.body).accessToken;

    const routes = adminRouteMatrix(app.http);
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    assert.ok(urls.includes('GET /api/admin/audit-log'), 'the audit log is an admin route');
    assert.ok(urls.includes('POST /api/admin/products'), 'the catalog admin routes are registered');
    assert.deepEqual(await probeAdminRoutes(app.http, { customer, staff }), []);
  });
});
