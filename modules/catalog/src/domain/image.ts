/**
 * Product images are content-addressed: the sha256 of the source bytes names a set of
 * WebP renditions, so identical uploads are processed once and their URLs never change
 * (which is what lets them be served as immutable).
 */
export const imageLimits = Object.freeze({
  sourceBytesMax: 10 * 1024 * 1024,
  /** Decoded pixels; refuses decompression bombs before they allocate. */
  sourcePixelsMax: 40_000_000,
});

export const renditions = [
  { size: 'thumb', edgeMax: 320 },
  { size: 'medium', edgeMax: 800 },
  { size: 'original', edgeMax: 1600 },
] as const;
export type RenditionSize = (typeof renditions)[number]['size'];

const hashPattern = /^[0-9a-f]{64}$/;
const fileNames = new Map<string, RenditionSize>(renditions.map(({ size }) => [`${size}.webp`, size]));

export function imageKey(hash: string, size: RenditionSize): string {
  return `products/${hash}/${size}.webp`;
}

export function imageUrl(hash: string, size: RenditionSize): string {
  return `/images/${hash}/${size}.webp`;
}

/** The object key that `GET /images/<hash>/<file>` names, or undefined when it names none. */
export function keyOfImagePath(hash: string, file: string): string | undefined {
  const size = fileNames.get(file);
  return size !== undefined && hashPattern.test(hash) ? imageKey(hash, size) : undefined;
}
