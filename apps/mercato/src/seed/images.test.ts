import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import sharp from 'sharp';
import { createDemoCatalog, type DemoImageSpec } from './demo-catalog.ts';
import { productImageSvg } from './image-svg.ts';
import { createImagePool, renderProductImage } from './images.ts';

const catalog = createDemoCatalog({ seed: 7 });
const spec: DemoImageSpec = catalog.productAt(0).image;

describe('product images', () => {
  test('renders a decodable 800×800 WebP image', async () => {
    const image = await renderProductImage(spec);
    assert.equal(image.contentType, 'image/webp');
    const metadata = await sharp(image.bytes).metadata();
    assert.equal(metadata.format, 'webp');
    assert.equal(metadata.width, 800);
    assert.equal(metadata.height, 800);
    assert.ok(image.bytes.byteLength < 100_000, `${image.bytes.byteLength} bytes`);
  });

  test('renders the same bytes for the same spec', async () => {
    const [first, second] = await Promise.all([renderProductImage(spec, 96), renderProductImage(spec, 96)]);
    assert.deepEqual(first!.bytes, second!.bytes);
  });

  test('the pool renders each key once and shares the bytes', async () => {
    const pool = createImagePool({ sizePx: 96 });
    const other = { ...spec, key: `${spec.key}-other`, tone: 1 - spec.tone };
    const [a, b, c] = await Promise.all([pool.get(spec), pool.get({ ...spec }), pool.get(other)]);
    assert.equal(a, b, 'same key answers the same cached image');
    assert.notDeepEqual(a!.bytes, c!.bytes, 'another tone draws another image');
    assert.equal(pool.size(), 2);
    const metadata = await sharp(c!.bytes).metadata();
    assert.equal(metadata.width, 96);
  });

  test('the pool refuses to grow past its bound', async () => {
    const pool = createImagePool({ sizePx: 64, entriesMax: 1 });
    await pool.get(spec);
    assert.throws(() => pool.get({ ...spec, key: 'another' }));
  });

  test('escapes text drawn into the SVG', () => {
    const svg = productImageSvg({ ...spec, label: 'Salt & <Pepper>', departmentName: "Children's" }, 800);
    assert.match(svg, /Salt &amp; &lt;Pepper&gt;/);
    assert.match(svg, /CHILDREN&apos;S/);
  });
});
