import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readAuditLog } from '@mercato/platform/audit';
import { testDbTargets } from '@mercato/platform/db/testing';
import { adminRouteMatrix, probeAdminRoutes } from '@mercato/platform/http/testing';
import type { Category, Product, ProductPage } from '../src/contract.ts';
import { bootCatalog, type CatalogHost, outboxEvents, testAuthenticate, testTokens, usd } from './helpers.ts';

type AdminProduct = Product & { archived: boolean };

const newLamp = {
  title: 'Desk Lamp',
  description: 'Warm light.',
  variants: [
    { sku: 'DESK-S', title: 'Small', options: { size: 'S' }, price: usd(2500), initialStock: 3 },
    { sku: 'DESK-L', title: 'Large', options: { size: 'L' }, price: usd(3900) },
  ],
};

for (const target of testDbTargets()) {
  describe(`catalog admin HTTP on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;
    let home: Category;

    before(async () => {
      // No relays or listeners: the writing instance's own invalidation is all that can
      // refresh the cache here (the event path is read-models.test.ts's), and the events
      // stay in the outbox to be inspected.
      host = await bootCatalog(target, { authenticate: testAuthenticate, start: false });
      const created = await send('POST', '/api/admin/categories', { slug: 'home', name: 'Home' });
      assert.equal(created.statusCode, 201, created.body);
      home = created.json();
    });

    after(() => host?.close());

    function send(
      method: 'POST' | 'PATCH' | 'DELETE',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) {
      return host.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${testTokens.staff.catalog}`, ...headers },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    }

    const get = (url: string) => host.app.inject({ method: 'GET', url });
    const audit = async (entityId: string) =>
      (await readAuditLog(host.db, ['catalog'], { entityId, limit: 100 }))!.items;

    async function createLamp(
      overrides: Record<string, unknown> = {},
      token: string = testTokens.staff.catalog,
    ): Promise<AdminProduct> {
      const response = await send(
        'POST',
        '/api/admin/products',
        { ...newLamp, ...overrides },
        { authorization: `Bearer ${token}` },
      );
      assert.equal(response.statusCode, 201, response.body);
      return response.json();
    }

    it('lets catalog and admin staff call every admin route, refusing anonymous (401), customers and support (403)', async () => {
      const routes = adminRouteMatrix(host.app).map(
        (route) => `${route.method} ${route.pattern} ${route.auth.roles.join(',')}`,
      );
      assert.deepEqual(routes.sort(), [
        'DELETE /api/admin/products/:id admin,catalog',
        'PATCH /api/admin/products/:id admin,catalog',
        'POST /api/admin/categories admin,catalog',
        'POST /api/admin/products admin,catalog',
        'POST /api/admin/products/:id/images admin,catalog',
      ]);
      assert.deepEqual(await probeAdminRoutes(host.app, testTokens), []);
    });

    it('creates a product readable through the public API, publishing product_created and auditing who created what', async () => {
      const response = await send(
        'POST',
        '/api/admin/products',
        { ...newLamp, categoryIds: [home.id] },
        { 'x-request-id': 'req-create-lamp' },
      );
      assert.equal(response.statusCode, 201, response.body);
      const created = response.json() as AdminProduct;
      assert.equal(created.archived, false);
      assert.equal(created.slug, 'desk-lamp');
      assert.deepEqual(created.price, usd(2500));
      assert.deepEqual(created.categories, [{ id: home.id, slug: 'home', name: 'Home' }]);
      assert.deepEqual(
        created.variants.map((variant) => [variant.sku, variant.options, variant.price.amount, variant.available]),
        [
          ['DESK-S', { size: 'S' }, 2500, 3],
          ['DESK-L', { size: 'L' }, 3900, 0],
        ],
      );
      const { archived: _, ...publicShape } = created;
      assert.deepEqual((await get('/api/products/desk-lamp')).json(), publicShape);
      assert.deepEqual((await get(`/api/products/${created.id}`)).json(), publicShape);

      const events = (await outboxEvents(host, 'catalog.product_created')).filter(
        (event) => (event.data as { id: string }).id === created.id,
      );
      assert.equal(events.length, 1);
      const [entry] = await audit(created.id);
      assert.deepEqual(
        { ...entry, id: undefined, occurredAt: undefined },
        {
          id: undefined,
          occurredAt: undefined,
          module: 'catalog',
          actor: { id: 'stf_catalog', role: 'catalog' },
          action: 'catalog.create_product',
          entityType: 'product',
          entityId: created.id,
          before: null,
          after: created,
          requestId: 'req-create-lamp',
        },
      );
    });

    it('answers 409 slug_taken and sku_taken, 404 category_not_found and 400 invalid_product, creating nothing', async () => {
      const countBefore = await host.api.countProducts();
      const cases: [Record<string, unknown>, number, string][] = [
        [{ slug: 'desk-lamp', variants: [{ ...newLamp.variants[0], sku: 'OTHER-1' }] }, 409, 'slug_taken'],
        [{ title: 'Another Lamp' }, 409, 'sku_taken'],
        [
          { title: 'Lost Lamp', categoryIds: ['cat_missing'], variants: [{ ...newLamp.variants[0], sku: 'LOST-1' }] },
          404,
          'category_not_found',
        ],
        [
          {
            title: 'Euro Lamp',
            variants: [{ ...newLamp.variants[0], sku: 'EURO-1', price: { amount: 100, currency: 'EUR' } }],
          },
          400,
          'invalid_product',
        ],
      ];
      for (const [overrides, status, code] of cases) {
        const response = await send('POST', '/api/admin/products', { ...newLamp, ...overrides });
        assert.equal(response.statusCode, status, response.body);
        assert.equal(response.json().error.code, code);
      }
      assert.equal(await host.api.countProducts(), countBefore);
    });

    it('refuses unknown and server-owned fields with 400 invalid_request naming the field', async () => {
      const variant = newLamp.variants[0]!;
      const cases: [unknown, string][] = [
        [{ ...newLamp, id: 'prod_mine' }, 'body.id'],
        [{ ...newLamp, createdAt: '2020-01-01T00:00:00.000Z' }, 'body.createdAt'],
        [{ ...newLamp, variants: [{ ...variant, available: 100 }] }, 'body.variants.0.available'],
        [
          { ...newLamp, variants: [{ ...variant, price: { amount: 1, currency: 'USD', display: '$0.01' } }] },
          'body.variants.0.price.display',
        ],
        [{ ...newLamp, variants: [] }, 'body.variants'],
        [{ description: 'No title', variants: newLamp.variants }, 'body.title'],
      ];
      for (const [payload, path] of cases) {
        const response = await send('POST', '/api/admin/products', payload);
        assert.equal(response.statusCode, 400, path);
        const error = response.json().error;
        assert.equal(error.code, 'invalid_request');
        assert.equal(error.details.issues[0].path, path);
      }
      const lamp = await createLamp({ title: 'Field Lamp', variants: [{ ...variant, sku: 'FIELD-1' }] });
      const patch = await send('PATCH', `/api/admin/products/${lamp.id}`, { title: 'x', archived: true });
      assert.equal(patch.statusCode, 400);
      assert.equal(patch.json().error.details.issues[0].path, 'body.archived');
      const category = await send('POST', '/api/admin/categories', { slug: 'garden', name: 'Garden', productCount: 9 });
      assert.equal(category.statusCode, 400);
    });

    it('changes a price: the product page and lists stop serving the cached old price at once', async () => {
      const lamp = await createLamp({
        title: 'Price Lamp',
        variants: [{ ...newLamp.variants[0], sku: 'PRICE-1', price: usd(5000) }],
      });
      const listPrice = async () =>
        ((await get('/api/products?q=price')).json() as ProductPage).items.map((item) => item.price.amount);
      const pagePrice = async () =>
        ((await get(`/api/products/${lamp.slug}`)).json() as Product).variants[0]?.price.amount;
      assert.deepEqual(await listPrice(), [5000]);
      assert.equal(await pagePrice(), 5000);
      // Both reads are cached now: a change behind the cache's back is not seen.
      await host.db.query("UPDATE catalog.variants SET title = 'behind the cache' WHERE sku = 'PRICE-1'");
      assert.equal(((await get(`/api/products/${lamp.slug}`)).json() as Product).variants[0]?.title, 'Small');

      const variantId = lamp.variants[0]!.id;
      const response = await send('PATCH', `/api/admin/products/${lamp.id}`, {
        variants: [{ id: variantId, price: usd(4200) }],
      });
      assert.equal(response.statusCode, 200, response.body);
      const updated = response.json() as AdminProduct;
      assert.deepEqual([updated.price, updated.archived], [usd(4200), false]);
      assert.deepEqual(await listPrice(), [4200]);
      assert.equal(await pagePrice(), 4200);

      const events = (await outboxEvents(host, 'catalog.product_updated')).filter(
        (event) => (event.data as { id: string }).id === lamp.id,
      );
      assert.deepEqual(
        events.map((event) => (event.data as { changed: string[] }).changed),
        [['variants']],
      );
      const [entry] = await audit(lamp.id);
      assert.ok(entry);
      assert.equal(entry.action, 'catalog.update_product');
      assert.deepEqual(entry.actor, { id: 'stf_catalog', role: 'catalog' });
      assert.equal((entry.before as AdminProduct).variants[0]?.price.amount, 5000);
      assert.equal((entry.before as AdminProduct).variants[0]?.title, 'behind the cache');
      assert.deepEqual(entry.after, updated);
    });

    it('renames, re-files and adds variants in one PATCH; the old slug stops answering', async () => {
      const lamp = await createLamp({ title: 'Floor Lamp', variants: [{ ...newLamp.variants[0], sku: 'FLOOR-1' }] });
      const response = await send('PATCH', `/api/admin/products/${lamp.id}`, {
        title: 'Tall Floor Lamp',
        slug: 'tall-floor-lamp',
        description: 'Taller.',
        categoryIds: [home.id],
        variants: [{ id: lamp.variants[0]!.id, title: 'Brass', options: { finish: 'brass' } }],
        newVariants: [
          { sku: 'FLOOR-2', title: 'Steel', options: { finish: 'steel' }, price: usd(8000), initialStock: 4 },
        ],
      });
      assert.equal(response.statusCode, 200, response.body);
      const page = (await get('/api/products/tall-floor-lamp')).json() as Product;
      assert.equal(page.title, 'Tall Floor Lamp');
      assert.deepEqual(
        page.categories.map((category) => category.slug),
        ['home'],
      );
      assert.deepEqual(
        page.variants.map((variant) => [variant.sku, variant.title, variant.options, variant.available]),
        [
          ['FLOOR-1', 'Brass', { finish: 'brass' }, 3],
          ['FLOOR-2', 'Steel', { finish: 'steel' }, 4],
        ],
      );
      assert.equal((await get('/api/products/floor-lamp')).statusCode, 404);
      const [entry] = await audit(lamp.id);
      assert.ok(entry);
      assert.deepEqual(
        [(entry.before as Product).title, (entry.after as Product).title],
        ['Floor Lamp', 'Tall Floor Lamp'],
      );
    });

    it('answers 404 product_not_found for a PATCH of an unknown product, and records nothing for an empty PATCH', async () => {
      const missing = await send('PATCH', '/api/admin/products/prod_missing', { title: 'Ghost' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'product_not_found');
      const lamp = await createLamp({ title: 'Quiet Lamp', variants: [{ ...newLamp.variants[0], sku: 'QUIET-1' }] });
      const empty = await send('PATCH', `/api/admin/products/${lamp.id}`, {});
      assert.equal(empty.statusCode, 200);
      assert.deepEqual(empty.json(), lamp);
      assert.deepEqual(
        (await audit(lamp.id)).map((entry) => entry.action),
        ['catalog.create_product'],
      );
    });

    it('archives: 200 with archived true, 404 on the public page, gone from lists, both events published and audited once', async () => {
      const lamp = await createLamp(
        { title: 'Retired Lamp', variants: [{ ...newLamp.variants[0], sku: 'RETIRED-1' }] },
        testTokens.staff.admin,
      );
      assert.equal((await get('/api/products/retired-lamp')).statusCode, 200);
      assert.equal(((await get('/api/products?q=retired')).json() as ProductPage).items.length, 1);

      const response = await send('DELETE', `/api/admin/products/${lamp.id}`, undefined, {
        authorization: `Bearer ${testTokens.staff.admin}`,
      });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), { ...lamp, archived: true });
      assert.equal((await get('/api/products/retired-lamp')).statusCode, 404);
      assert.equal((await get(`/api/products/${lamp.id}`)).statusCode, 404);
      assert.equal(((await get('/api/products?q=retired')).json() as ProductPage).items.length, 0);
      assert.equal((await send('PATCH', `/api/admin/products/${lamp.id}`, { title: 'Back' })).statusCode, 404);

      const again = await send('DELETE', `/api/admin/products/${lamp.id}`);
      assert.equal(again.statusCode, 200);
      assert.equal(again.json().archived, true);
      const ours = (event: { data: unknown }) => (event.data as { id: string }).id === lamp.id;
      assert.equal((await outboxEvents(host, 'catalog.product_archived')).filter(ours).length, 1);
      assert.equal((await outboxEvents(host, 'catalog.product_updated')).filter(ours).length, 1);
      const entries = await audit(lamp.id);
      assert.deepEqual(
        entries.map((entry) => [entry.action, entry.actor]),
        [
          ['catalog.archive_product', { id: 'stf_admin', role: 'admin' }],
          ['catalog.create_product', { id: 'stf_admin', role: 'admin' }],
        ],
      );
      const [archiving] = entries;
      assert.ok(archiving);
      assert.deepEqual(
        [(archiving.before as AdminProduct).archived, (archiving.after as AdminProduct).archived],
        [false, true],
      );
      assert.equal((await send('DELETE', '/api/admin/products/prod_missing')).statusCode, 404);
    });

    it('replays a create retried with the same Idempotency-Key instead of creating a second product', async () => {
      const countBefore = await host.api.countProducts();
      const payload = { ...newLamp, title: 'Retry Lamp', variants: [{ ...newLamp.variants[0], sku: 'RETRY-1' }] };
      const headers = { 'idempotency-key': 'create-retry-lamp' };
      const first = await send('POST', '/api/admin/products', payload, headers);
      const second = await send('POST', '/api/admin/products', payload, headers);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(second.statusCode, 201);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal(second.body, first.body);
      assert.equal(await host.api.countProducts(), countBefore + 1);
      const reused = await send('POST', '/api/admin/products', { ...payload, title: 'Other Lamp' }, headers);
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.json().error.code, 'idempotency_key_reused');
      assert.equal((await audit(first.json().id)).length, 1);
    });

    it('creates categories, publishing category_created and auditing them', async () => {
      const response = await send('POST', '/api/admin/categories', {
        slug: 'desk-lamps',
        name: 'Desk lamps',
        parentId: home.id,
      });
      assert.equal(response.statusCode, 201, response.body);
      const created = response.json() as Category;
      assert.deepEqual(created, {
        id: created.id,
        slug: 'desk-lamps',
        name: 'Desk lamps',
        parentId: home.id,
        productCount: 0,
        children: [],
      });
      const tree = (await get('/api/categories')).json() as { items: Category[] };
      assert.deepEqual(
        tree.items.find((node) => node.id === home.id)?.children.map((child) => child.slug),
        ['desk-lamps'],
      );
      const events = (await outboxEvents(host, 'catalog.category_created')).filter(
        (event) => (event.data as { id: string }).id === created.id,
      );
      assert.equal(events.length, 1);
      const [entry] = await audit(created.id);
      assert.deepEqual(
        [entry?.action, entry?.entityType, entry?.before, entry?.after],
        ['catalog.create_category', 'category', null, created],
      );
      const taken = await send('POST', '/api/admin/categories', { slug: 'desk-lamps', name: 'Again' });
      assert.deepEqual([taken.statusCode, taken.json().error.code], [409, 'slug_taken']);
      const orphan = await send('POST', '/api/admin/categories', {
        slug: 'orphans',
        name: 'Orphans',
        parentId: 'cat_missing',
      });
      assert.deepEqual([orphan.statusCode, orphan.json().error.code], [404, 'category_not_found']);
    });

    it('documents the admin routes in OpenAPI with bearer security and their roles', async () => {
      const document = (await get('/openapi.json')).json();
      for (const [path, method] of [
        ['/api/admin/products', 'post'],
        ['/api/admin/products/{id}', 'patch'],
        ['/api/admin/products/{id}', 'delete'],
        ['/api/admin/categories', 'post'],
        ['/api/admin/products/{id}/images', 'post'],
      ] as const) {
        const operation = document.paths[path][method];
        assert.deepEqual(operation.security, [{ bearerAuth: [] }], `${method} ${path}`);
        assert.match(operation.description, /Roles: admin, catalog\./, `${method} ${path}`);
      }
      const upload = document.paths['/api/admin/products/{id}/images'].post.requestBody.content;
      assert.deepEqual(Object.keys(upload), ['multipart/form-data']);
    });
  });
}
