/**
 * Measures the storefront's budgets on the embedded default (PGlite, one process):
 * - compressed JavaScript each main page loads (target: under 50 KB);
 * - server response time of a product page, p50 and p99 over sequential requests
 *   (target: p50 under 20 ms).
 * Usage: node apps/web/scripts/measure.ts [requests=300]
 */
import { bootShop } from '../../../tests/browser/boot.ts';

const requests = Math.min(Math.max(Number(process.argv[2] ?? 300), 10), 5000);
const shop = await bootShop({ products: 24 });

async function scriptBytes(path: string): Promise<{ path: string; scripts: number; bytes: number }> {
  const page = await (await fetch(shop.baseUrl + path)).text();
  const sources = [...page.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((match) => match[1]!);
  let bytes = 0;
  for (const source of sources) {
    const response = await fetch(shop.baseUrl + source, { headers: { 'accept-encoding': 'br' } });
    bytes += Number(response.headers.get('content-length') ?? (await response.arrayBuffer()).byteLength);
  }
  return { path, scripts: sources.length, bytes };
}

const slug = (await shop.api<{ items: { slug: string }[] }>('GET', '/api/products?limit=1')).body.items[0]!.slug;
for (const path of ['/', '/search?q=chair', `/p/${slug}`, '/cart', '/account/login']) {
  const { scripts, bytes } = await scriptBytes(path);
  console.log(`${path.padEnd(50)} ${scripts} script(s), ${bytes} bytes of JavaScript (brotli)`);
}

const timings: number[] = [];
for (let index = 0; index < requests + 50; index++) {
  const started = performance.now();
  const response = await fetch(`${shop.baseUrl}/p/${slug}`);
  await response.arrayBuffer();
  if (index >= 50) timings.push(performance.now() - started);
}
timings.sort((a, b) => a - b);
const at = (quantile: number) =>
  timings[Math.min(timings.length - 1, Math.floor(quantile * timings.length))]!.toFixed(2);
console.log(`GET /p/${slug}: ${requests} requests, p50 ${at(0.5)} ms, p90 ${at(0.9)} ms, p99 ${at(0.99)} ms`);
await shop.close();
