import { assert } from '@mercato/platform/kernel';
import sharp from 'sharp';
import type { DemoImageSpec } from './demo-catalog.ts';
import { productImageSvg } from './image-svg.ts';

/**
 * Generated product images. Rendering 100,000 distinct images would take far longer than
 * the rest of a seed, so products share a bounded pool: one image per title slot and tone
 * (a few hundred). The catalog content-addresses image bytes, so a pooled image is stored
 * and thumbnailed once however many products use it.
 */

export type ProductImage = { readonly bytes: Uint8Array; readonly contentType: string };

export type ImagePool = {
  /** The image for a spec, rendered on first use and cached for the life of the pool. */
  readonly get: (spec: DemoImageSpec) => Promise<ProductImage>;
  /** Number of distinct images rendered (or being rendered) so far. */
  readonly size: () => number;
};

export const productImageSizePx = 800;
const webpQuality = 82;
// Effort 2 renders about twice as fast as the default 4 for a few percent more bytes.
const webpEffort = 2;
// Generous bound over the catalog's imagePoolSizeMax; a bug that made keys unbounded fails loudly.
const poolEntriesMaxDefault = 1_000;

export async function renderProductImage(spec: DemoImageSpec, sizePx = productImageSizePx): Promise<ProductImage> {
  assert(Number.isSafeInteger(sizePx) && sizePx >= 64 && sizePx <= 2_000, `bad image size ${sizePx}`);
  const svg = productImageSvg(spec, sizePx);
  const bytes = await sharp(Buffer.from(svg)).webp({ quality: webpQuality, effort: webpEffort }).toBuffer();
  return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: 'image/webp' };
}

export function createImagePool(options: { sizePx?: number; entriesMax?: number } = {}): ImagePool {
  const sizePx = options.sizePx ?? productImageSizePx;
  const entriesMax = options.entriesMax ?? poolEntriesMaxDefault;
  const images = new Map<string, Promise<ProductImage>>();
  return {
    get: (spec) => {
      const cached = images.get(spec.key);
      if (cached !== undefined) return cached;
      assert(images.size < entriesMax, `image pool exceeded ${entriesMax} entries`);
      const rendering = renderProductImage(spec, sizePx);
      // A failed render is not cached, so the next product using the key retries it.
      rendering.catch(() => images.delete(spec.key));
      images.set(spec.key, rendering);
      return rendering;
    },
    size: () => images.size,
  };
}
