import { createHash } from 'node:crypto';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import type { ImageCode, NewImage } from '../contract.ts';
import { imageKey, imageLimits, renditions } from '../domain/image.ts';
import * as store from '../store.ts';
import type { CatalogDeps } from './deps.ts';

/** Source formats accepted; SVG and PDF are refused (they can reference other resources). */
const acceptedFormats = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'tiff']);
const webpQuality = 82;
/** libwebp's speed/size trade-off (0–6): 2 encodes about 40% faster than the default 4 for a few % more bytes. */
const webpEffort = 2;
/** Distinct images decoded at once: bounded, because decoding is memory-hungry. */
const imagesInFlightMax = 2;

export function imageHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function checkImageSize(image: NewImage): Result<void, ImageCode> {
  if (!(image.bytes instanceof Uint8Array) || image.bytes.byteLength === 0)
    return fail('image_invalid', 'The image is empty.');
  if (image.bytes.byteLength > imageLimits.sourceBytesMax) {
    return fail('image_too_large', `An image may be at most ${imageLimits.sourceBytesMax} bytes.`, {
      bytesMax: imageLimits.sourceBytesMax,
    });
  }
  return ok(undefined);
}

async function decode(
  bytes: Uint8Array,
): Promise<Result<{ data: Buffer; info: OutputInfo; width: number; height: number }, ImageCode>> {
  const options = { limitInputPixels: imageLimits.sourcePixelsMax, failOn: 'error', autoOrient: true } as const;
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch {
    return fail('image_invalid', 'The file is not an image we can read.');
  }
  if (metadata.format === undefined || !acceptedFormats.has(metadata.format)) {
    return fail('image_invalid', 'Images must be JPEG, PNG, WebP, GIF, AVIF or TIFF.');
  }
  const width = metadata.autoOrient?.width ?? metadata.width ?? 0;
  const height = metadata.autoOrient?.height ?? metadata.height ?? 0;
  if (width * height > imageLimits.sourcePixelsMax) {
    return fail('image_too_large', `An image may have at most ${imageLimits.sourcePixelsMax} pixels.`);
  }
  try {
    // Decoded once, already capped at the largest rendition; the smaller ones are cut from it.
    const largest = renditions.at(-1)!.edgeMax;
    const { data, info } = await sharp(bytes, options)
      .resize({ width: largest, height: largest, fit: 'inside', withoutEnlargement: true })
      .raw()
      .toBuffer({ resolveWithObject: true });
    return ok({ data, info, width, height });
  } catch {
    return fail('image_invalid', 'The image could not be decoded.');
  }
}

/**
 * Validates, decodes and stores the WebP renditions of one source image under its
 * content hash. Storing is idempotent (same key, same bytes), so two processes racing
 * on one image both succeed.
 */
export async function processImage(
  deps: CatalogDeps,
  bytes: Uint8Array,
  hash: string,
): Promise<Result<store.ImageRecord, ImageCode>> {
  const decoded = await decode(bytes);
  if (!decoded.ok) return decoded;
  const { data, info } = decoded.value;
  const raw = { width: info.width, height: info.height, channels: info.channels };
  await Promise.all(
    renditions.map(async ({ size, edgeMax }) => {
      const webp = await sharp(data, { raw })
        .resize({ width: edgeMax, height: edgeMax, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: webpQuality, effort: webpEffort })
        .toBuffer();
      await deps.objects.put(imageKey(hash, size), webp, 'image/webp');
    }),
  );
  return ok({ hash, width: decoded.value.width, height: decoded.value.height, sourceBytes: bytes.byteLength });
}

/**
 * Makes renditions for every distinct image among `images` that has none yet, a
 * bounded number at a time. Answers the records of the newly processed ones.
 */
export async function processNewImages(
  deps: CatalogDeps,
  images: readonly NewImage[],
): Promise<Result<{ records: store.ImageRecord[]; hashes: string[] }, ImageCode>> {
  const hashes = images.map((image) => imageHash(image.bytes));
  const known = await store.knownImages(deps.db, [...new Set(hashes)]);
  const pending: { index: number; image: NewImage; hash: string }[] = [];
  for (const [index, image] of images.entries()) {
    const hash = hashes[index]!;
    if (known.has(hash)) continue;
    const size = checkImageSize(image);
    if (!size.ok) return fail(size.code, size.message, { ...size.details, index });
    known.add(hash);
    pending.push({ index, image, hash });
  }
  const records: store.ImageRecord[] = [];
  for (let start = 0; start < pending.length; start += imagesInFlightMax) {
    const slice = pending.slice(start, start + imagesInFlightMax);
    const results = await Promise.all(slice.map(({ image, hash }) => processImage(deps, image.bytes, hash)));
    for (const [offset, processed] of results.entries()) {
      if (!processed.ok)
        return fail(processed.code, processed.message, { ...processed.details, index: slice[offset]!.index });
      records.push(processed.value);
    }
  }
  return ok({ records, hashes });
}
