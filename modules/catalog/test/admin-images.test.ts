import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { readAuditLog } from '@mercato/platform/audit';
import { testDbTargets } from '@mercato/platform/db/testing';
import sharp from 'sharp';
import type { Product, ProductPage } from '../src/contract.ts';
import {
  bootCatalog,
  type CatalogHost,
  outboxEvents,
  testAuthenticate,
  testTokens,
  value,
  variant,
} from './helpers.ts';

type AdminProduct = Product & { archived: boolean };

function png(width: number, height: number, red = 200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: red, g: 90, b: 40 } } })
    .png()
    .toBuffer();
}

/** A PNG of random pixels: it does not compress, so it is larger than the 1 MiB JSON body limit. */
function noisyPng(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

function form(fields: Record<string, Blob | string>): FormData {
  const data = new FormData();
  for (const [name, field] of Object.entries(fields)) {
    if (typeof field === 'string') data.append(name, field);
    else data.append(name, field, 'upload.png');
  }
  return data;
}

const imageBlob = (bytes: Uint8Array, type = 'image/png') => new Blob([new Uint8Array(bytes)], { type });

for (const target of testDbTargets()) {
  describe(`catalog admin image upload on ${target.name}`, { skip: target.skipReason }, () => {
    let host: CatalogHost;
    let lamp: Product;

    before(async () => {
      host = await bootCatalog(target, { authenticate: testAuthenticate });
      lamp = value(
        await host.api.createProduct({ title: 'Gallery Lamp', description: '', variants: [variant('GALLERY', 4500)] }),
      );
    });

    after(() => host?.close());

    function upload(productId: string, payload: FormData | object, headers: Record<string, string> = {}) {
      return host.app.inject({
        method: 'POST',
        url: `/api/admin/products/${productId}/images`,
        headers: { authorization: `Bearer ${testTokens.staff.catalog}`, ...headers },
        payload,
      });
    }

    it('stores an upload as WebP renditions served immutable at the returned URLs, publishing and auditing it', async () => {
      const source = await png(1200, 600);
      const response = await upload(lamp.id, form({ image: imageBlob(source) }), { 'x-request-id': 'req-upload' });
      assert.equal(response.statusCode, 201, response.body);
      const updated = response.json() as AdminProduct;
      assert.equal(updated.archived, false);
      assert.equal(updated.images.length, 1);
      const medium = updated.images[0]!;
      assert.match(medium, /^\/images\/[0-9a-f]{64}\/medium\.webp$/);
      assert.equal(updated.thumbnailUrl, medium.replace('medium', 'thumb'));
      for (const [url, width] of [
        [updated.thumbnailUrl!, 320],
        [medium, 800],
        [medium.replace('medium', 'original'), 1200],
      ] as const) {
        const rendition = await host.app.inject({ method: 'GET', url });
        assert.equal(rendition.statusCode, 200, url);
        assert.equal(rendition.headers['cache-control'], 'public, max-age=31536000, immutable');
        assert.equal(rendition.headers['content-type'], 'image/webp');
        const metadata = await sharp(rendition.rawPayload).metadata();
        assert.deepEqual([metadata.format, metadata.width], ['webp', width], url);
      }
      const listed = (await host.app.inject({ method: 'GET', url: '/api/products?q=gallery' })).json() as ProductPage;
      assert.equal(listed.items[0]?.thumbnailUrl, updated.thumbnailUrl);

      const events = (await outboxEvents(host, 'catalog.product_updated')).filter(
        (event) => (event.data as { id: string }).id === lamp.id,
      );
      assert.deepEqual(
        events.map((event) => (event.data as { changed: string[] }).changed),
        [['images']],
      );
      const entries = (await readAuditLog(host.db, ['catalog'], { entityId: lamp.id }))!.items;
      assert.deepEqual(
        entries.map((entry) => [entry.action, entry.actor, entry.before, entry.after, entry.requestId]),
        [
          [
            'catalog.add_product_image',
            { id: 'stf_catalog', role: 'catalog' },
            { images: [] },
            { images: [medium] },
            'req-upload',
          ],
        ],
      );
    });

    it('takes files over the 1 MiB JSON body limit, up to the 10 MiB image limit', async () => {
      const source = await noisyPng(720, 720);
      assert.ok(source.byteLength > 1024 * 1024, `${source.byteLength} bytes`);
      const response = await upload(lamp.id, form({ image: imageBlob(source) }));
      assert.equal(response.statusCode, 201, response.body);
      assert.equal((response.json() as Product).images.length, 2);
    });

    it('answers 413 image_too_large for a file over 10 MiB, storing nothing', async () => {
      const objectsBefore = host.objects.size();
      const response = await upload(lamp.id, form({ image: imageBlob(new Uint8Array(10 * 1024 * 1024 + 1)) }));
      assert.equal(response.statusCode, 413);
      assert.equal(response.json().error.code, 'image_too_large');
      assert.equal(host.objects.size(), objectsBefore);
    });

    it('answers 400 image_invalid for bytes that are not an accepted image', async () => {
      const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>');
      for (const bytes of [new TextEncoder().encode('not an image at all'), svg, new Uint8Array(0)]) {
        const response = await upload(lamp.id, form({ image: imageBlob(bytes) }));
        assert.equal(response.statusCode, 400, response.body);
        assert.equal(response.json().error.code, 'image_invalid');
      }
    });

    it('answers 400 invalid_request for a form without the image file, with extra fields, or with two files', async () => {
      const source = new Blob([new Uint8Array(await png(16, 16))], { type: 'image/png' });
      const cases: [FormData | object, string][] = [
        [form({ image: 'just text' }), 'body.image'],
        [form({ picture: source }), 'body.image'],
        [form({ image: source, alt: 'a lamp' }), 'body.alt'],
        [{ image: 'sha256:0000' }, 'body.image'],
      ];
      for (const [payload, path] of cases) {
        const response = await upload(lamp.id, payload);
        assert.equal(response.statusCode, 400, `${path}: ${response.body}`);
        assert.equal(response.json().error.code, 'invalid_request');
        assert.equal(response.json().error.details.issues[0].path, path);
      }
      const twoFiles = new FormData();
      twoFiles.append('image', source, 'a.png');
      twoFiles.append('image', source, 'b.png');
      const response = await upload(lamp.id, twoFiles);
      assert.equal(response.statusCode, 400, response.body);
      assert.equal(response.json().error.code, 'invalid_request');
      const urlEncoded = await upload(lamp.id, 'image=x' as unknown as object, {
        'content-type': 'application/x-www-form-urlencoded',
      });
      assert.equal(urlEncoded.statusCode, 415);
    });

    it('answers 404 product_not_found for an unknown or archived product', async () => {
      const source = await png(20, 20, 30);
      const missing = await upload('prod_missing', form({ image: imageBlob(source) }));
      assert.deepEqual([missing.statusCode, missing.json().error.code], [404, 'product_not_found']);
      const retired = value(
        await host.api.createProduct({ title: 'Retired Frame', description: '', variants: [variant('FRAME', 100)] }),
      );
      value(await host.api.archiveProduct(retired.id));
      const archived = await upload(retired.id, form({ image: imageBlob(source) }));
      assert.deepEqual([archived.statusCode, archived.json().error.code], [404, 'product_not_found']);
    });

    it('replays an upload retried with its Idempotency-Key, and refuses the key with another image (422)', async () => {
      const product = value(
        await host.api.createProduct({
          title: 'Retry Frame',
          description: '',
          variants: [variant('RETRY-FRAME', 100)],
        }),
      );
      const headers = { 'idempotency-key': 'upload-retry-frame' };
      const first = await upload(product.id, form({ image: imageBlob(await png(40, 40, 1)) }), headers);
      const second = await upload(product.id, form({ image: imageBlob(await png(40, 40, 1)) }), headers);
      assert.equal(first.statusCode, 201, first.body);
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.equal(second.body, first.body);
      const other = await upload(product.id, form({ image: imageBlob(await png(40, 40, 2)) }), headers);
      assert.equal(other.statusCode, 422);
      assert.equal(other.json().error.code, 'idempotency_key_reused');
      assert.equal((await readAuditLog(host.db, ['catalog'], { entityId: product.id }))!.items.length, 1);
    });
  });
}
