/**
 * Measures the seed's own costs without a database:
 *   node apps/mercato/src/seed/measure.ts [products=100000]
 * prints the time to generate the product records and to render the whole image pool.
 */
import { createDemoCatalog, type DemoImageSpec } from './demo-catalog.ts';
import { createImagePool } from './images.ts';

const products = Number(process.argv[2] ?? 100_000);
const catalog = createDemoCatalog();

const generationStartMs = performance.now();
let variants = 0;
const specs = new Map<string, DemoImageSpec>();
const heapBeforeBytes = process.memoryUsage().heapUsed;
let heapPeakBytes = heapBeforeBytes;
for (const batch of catalog.batches(products, 500)) {
  for (const product of batch) {
    variants += product.variants.length;
    specs.set(product.image.key, product.image);
  }
  heapPeakBytes = Math.max(heapPeakBytes, process.memoryUsage().heapUsed);
}
const generationMs = performance.now() - generationStartMs;

const pool = createImagePool();
const poolStartMs = performance.now();
const all = [...specs.values()];
let poolBytes = 0;
// Eight at a time, as a seed batch would: sharp renders off the main thread.
for (let start = 0; start < all.length; start += 8) {
  const images = await Promise.all(all.slice(start, start + 8).map((spec) => pool.get(spec)));
  for (const image of images) poolBytes += image.bytes.byteLength;
}
const poolMs = performance.now() - poolStartMs;

console.log(
  JSON.stringify({
    products,
    variants,
    generationMs: Math.round(generationMs),
    productsPerSecond: Math.round(products / (generationMs / 1000)),
    heapGrowthMaxMb: Math.round((heapPeakBytes - heapBeforeBytes) / 1e6),
    poolImages: all.length,
    poolMs: Math.round(poolMs),
    poolImageMs: Math.round(poolMs / Math.max(1, all.length)),
    poolImageBytesAverage: Math.round(poolBytes / Math.max(1, all.length)),
  }),
);
