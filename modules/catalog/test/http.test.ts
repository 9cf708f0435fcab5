import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import sharp from 'sharp';
import type { Category, Product, ProductPage } from '../src/contract.ts';
import { catalogStatuses } from '../src/http.ts';
import { bootCatalog, type CatalogHost, value, variant } from './helpers.ts';

function png(width: number, height: number, red = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: 40, b: 40 } } })
    .png()
    .toBuffer();
}

for (const target of testDbTargets()) {
  describe(`catalog HTTP on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;
    let lamp: Product;

    before(async () => {
      host = await bootCatalog(target);
      const home = value(await host.api.createCategory({ slug: 'home', name: 'Home' }));
      lamp = value(
        await host.api.createProduct({
          title: 'Arc Lamp',
          description: 'Bright.',
          categoryIds: [home.id],
          variants: [variant('ARC', 5900, 2)],
        }),
      );
    });

    after(() => host?.close());

    async function get(url: string, headers: Record<string, string> = {}) {
      return host.app.inject({ method: 'GET', url, headers });
    }

    it('lists products with facets', async () => {
      const response = await get('/api/products?q=lamp&inStock=true&minPrice=100&maxPrice=10000');
      assert.equal(response.statusCode, 200);
      const page = response.json() as ProductPage;
      assert.deepEqual(page.items, [
        {
          id: lamp.id,
          slug: 'arc-lamp',
          title: 'Arc Lamp',
          price: { amount: 5900, currency: 'USD' },
          thumbnailUrl: null,
          rating: { average: 0, count: 0 },
          inStock: true,
        },
      ]);
      assert.equal(page.nextCursor, null);
      assert.deepEqual(page.facets.categories, [{ slug: 'home', name: 'Home', count: 1 }]);
    });

    it('answers 400 invalid_request for a malformed query, naming the parameter', async () => {
      for (const [query, path] of [
        ['sort=cheapest', 'querystring.sort'],
        ['limit=1000', 'querystring.limit'],
        ['minPrice=-1', 'querystring.minPrice'],
        ['inStock=maybe', 'querystring.inStock'],
        ['category=Not%20A%20Slug', 'querystring.category'],
      ] as const) {
        const response = await get(`/api/products?${query}`);
        assert.equal(response.statusCode, 400, query);
        const body = response.json() as { error: { code: string; details: { issues: { path: string }[] } } };
        assert.equal(body.error.code, 'invalid_request');
        assert.equal(body.error.details.issues[0]?.path, path, query);
      }
    });

    it('answers 400 invalid_cursor for a cursor it did not give out', async () => {
      const response = await get('/api/products?cursor=bm90LWEtY3Vyc29y');
      assert.equal(response.statusCode, 400);
      assert.equal(response.json().error.code, 'invalid_cursor');
    });

    it('serves a product by id and by slug, and 404 product_not_found otherwise', async () => {
      for (const key of [lamp.id, 'arc-lamp']) {
        const response = await get(`/api/products/${key}`);
        assert.equal(response.statusCode, 200);
        assert.deepEqual(response.json(), lamp);
      }
      for (const key of ['prod_missing', 'no-such-lamp']) {
        const response = await get(`/api/products/${key}`);
        assert.equal(response.statusCode, 404);
        assert.deepEqual(response.json(), {
          error: { code: 'product_not_found', message: 'No product has this id or slug.' },
        });
      }
    });

    it('serves the category tree with product counts', async () => {
      const response = await get('/api/categories');
      assert.equal(response.statusCode, 200);
      const { items } = response.json() as { items: Category[] };
      assert.deepEqual(
        items.map((category) => [category.slug, category.productCount, category.children]),
        [['home', 1, []]],
      );
    });

    it('maps every failure code to a client error status', () => {
      for (const [code, status] of Object.entries(catalogStatuses)) assert.ok(status >= 400 && status < 500, code);
    });

    it('stores content-addressed WebP renditions of an upload and serves them as immutable', async () => {
      const source = await png(2000, 1000);
      const hash = createHash('sha256').update(source).digest('hex');
      const updated = value(await host.api.addProductImage(lamp.id, { bytes: source, contentType: 'image/png' }));
      assert.equal(updated.thumbnailUrl, `/images/${hash}/thumb.webp`);
      assert.deepEqual(updated.images, [`/images/${hash}/medium.webp`]);
      for (const [size, width, height] of [
        ['thumb', 320, 160],
        ['medium', 800, 400],
        ['original', 1600, 800],
      ] as const) {
        const response = await get(`/images/${hash}/${size}.webp`);
        assert.equal(response.statusCode, 200, size);
        assert.equal(response.headers['content-type'], 'image/webp');
        assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
        const metadata = await sharp(response.rawPayload).metadata();
        assert.deepEqual([metadata.format, metadata.width, metadata.height], ['webp', width, height], size);
      }
      const listed = (await get('/api/products?q=lamp')).json() as ProductPage;
      assert.equal(listed.items[0]?.thumbnailUrl, `/images/${hash}/thumb.webp`);
      const etag = (await get(`/images/${hash}/thumb.webp`)).headers['etag'] as string;
      assert.equal((await get(`/images/${hash}/thumb.webp`, { 'if-none-match': etag })).statusCode, 304);
    });

    it('processes identical bytes once and shares them between products', async () => {
      const source = await png(640, 480, 10);
      const first = value(
        await host.api.createProduct({ title: 'Twin Lamp One', description: '', variants: [variant('TWIN-1', 100)] }),
      );
      const second = value(
        await host.api.createProduct({ title: 'Twin Lamp Two', description: '', variants: [variant('TWIN-2', 100)] }),
      );
      const objectsBefore = host.objects.size();
      const a = value(await host.api.addProductImage(first.id, { bytes: source, contentType: 'image/png' }));
      assert.equal(host.objects.size(), objectsBefore + 3);
      const b = value(await host.api.addProductImage(second.id, { bytes: source, contentType: 'image/png' }));
      assert.equal(host.objects.size(), objectsBefore + 3);
      assert.deepEqual(a.images, b.images);
      const again = value(await host.api.addProductImage(second.id, { bytes: source, contentType: 'image/png' }));
      assert.deepEqual(again.images, b.images, 'the same image twice on one product is added once');
    });

    it('refuses what is not an image, what is too large, and unknown products', async () => {
      const garbage = await host.api.addProductImage(lamp.id, {
        bytes: new TextEncoder().encode('not an image'),
        contentType: 'image/png',
      });
      assert.equal(garbage.ok ? 'ok' : garbage.code, 'image_invalid');
      const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
      const vector = await host.api.addProductImage(lamp.id, { bytes: svg, contentType: 'image/svg+xml' });
      assert.equal(vector.ok ? 'ok' : vector.code, 'image_invalid');
      const huge = await host.api.addProductImage(lamp.id, {
        bytes: new Uint8Array(10 * 1024 * 1024 + 1),
        contentType: 'image/png',
      });
      assert.equal(huge.ok ? 'ok' : huge.code, 'image_too_large');
      const missing = await host.api.addProductImage('prod_missing', {
        bytes: await png(10, 10),
        contentType: 'image/png',
      });
      assert.equal(missing.ok ? 'ok' : missing.code, 'product_not_found');
    });

    it('answers 404 for image paths that name no stored rendition', async () => {
      const hash = 'f'.repeat(64);
      for (const url of [
        `/images/${hash}/thumb.webp`,
        `/images/${hash}/huge.webp`,
        '/images/..%2F..%2Fetc/thumb.webp',
        `/images/${hash}/thumb.png`,
      ]) {
        const response = await get(url);
        assert.equal(response.statusCode, 404, url);
        assert.equal(response.json().error.code, 'image_not_found');
      }
    });
  });
}
