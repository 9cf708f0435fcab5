import { loadavg } from 'node:os';
import lighthouse from 'lighthouse';
import { expect } from '../client.ts';
import { assertLoopback } from '../load.ts';
import type { BenchOptions } from '../options.ts';
import { UsageError } from '../options.ts';
import { machineFacts, writeReport } from '../report.ts';
import { startServer } from '../server.ts';
import { latencyRecorder } from '../stats.ts';
import { chromiumVersion, launchChromium } from './lighthouse-chrome.ts';
import {
  categoryIds,
  type LhrLike,
  type LighthouseReport,
  medianRun,
  type PageResult,
  type RunSummary,
  renderLighthouseReport,
  searchTermOf,
  summarizeRun,
} from './lighthouse-report.ts';

/**
 * `npm run bench -- lighthouse`: Lighthouse (mobile profile, simulated throttling) on
 * the storefront's home, a search page, a product page and a cart with one item, the
 * JavaScript each loads, and a product page's server response over sequential requests.
 */

type PageSpec = { readonly name: string; readonly path: string; readonly headers: Readonly<Record<string, string>> };
type ListPage = { items: { slug: string; title: string }[]; nextCursor: string | null };
type Product = { id: string; slug: string; variants: { id: string; available: number }[] };

export const lighthousePageNames = ['home', 'search', 'product', 'cart'] as const;
/** Lighthouse waits at most 45 s for a load by default; this bounds a whole run, Chromium included. */
const runDeadlineMs = 120_000;
const warmupRequests = 20;

function selectedPages(requested: readonly string[] | undefined): string[] {
  if (requested === undefined) return [...lighthousePageNames];
  const unknown = requested.filter((name) => !(lighthousePageNames as readonly string[]).includes(name));
  if (unknown.length > 0)
    throw new UsageError(
      `unknown page ${unknown.join(', ')}; the lighthouse pages are ${lighthousePageNames.join(', ')}`,
    );
  return lighthousePageNames.filter((name) => requested.includes(name));
}

/** The pages to audit, from the live catalog; the cart is made through the API and found by its cookie. */
async function pagesOf(baseUrl: string): Promise<{ pages: PageSpec[]; productPath: string }> {
  const list = await expect<ListPage>(
    baseUrl,
    { method: 'GET', path: '/api/products?sort=rating&inStock=true&limit=1' },
    200,
  );
  const first = list.items[0];
  if (first === undefined) throw new Error('the catalog has no product in stock');
  const product = await expect<Product>(
    baseUrl,
    { method: 'GET', path: `/api/products/${encodeURIComponent(first.slug)}` },
    200,
  );
  const variant = product.variants.find((candidate) => candidate.available > 0);
  if (variant === undefined) throw new Error(`${first.slug} has no variant in stock`);
  const cart = await expect<{ id: string }>(baseUrl, { method: 'POST', path: '/api/carts', body: {} }, 201);
  await expect(
    baseUrl,
    { method: 'POST', path: `/api/carts/${cart.id}/items`, body: { variantId: variant.id, quantity: 1 } },
    200,
  );
  const productPath = `/p/${encodeURIComponent(first.slug)}`;
  const pages: PageSpec[] = [
    { name: 'home', path: '/', headers: {} },
    { name: 'search', path: `/search?q=${encodeURIComponent(searchTermOf(first.title))}`, headers: {} },
    { name: 'product', path: productPath, headers: {} },
    // apps/web's cart-state.ts: the cart id and unit count live in these two cookies.
    { name: 'cart', path: '/cart', headers: { cookie: `mercato_cart=${cart.id}; mercato_cart_n=1` } },
  ];
  return { pages, productPath };
}

/**
 * Every page answers 200 to the headers Lighthouse will send, and the cart page shows
 * the item: a renamed cookie would otherwise have Lighthouse audit an empty cart.
 */
async function preflight(baseUrl: string, pages: readonly PageSpec[]): Promise<void> {
  for (const page of pages) {
    const response = await fetch(`${baseUrl}${page.path}`, {
      headers: { ...page.headers },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${page.path} answered ${response.status}`);
    if (page.name === 'cart' && !text.includes('href="/checkout"')) {
      throw new Error('the cart page shows no cart for the cookie this scenario sets (see apps/web/src/cart-state.ts)');
    }
  }
}

/**
 * Server response times, sequentially (one request at a time, so this is latency, not
 * throughput), as a browser asks (compressed HTML); request `index` goes to
 * `paths[index % paths.length]`, the first `warmup` are not counted.
 */
async function measureResponses(baseUrl: string, paths: readonly string[], requests: number, warmup: number) {
  const recorder = latencyRecorder();
  for (let index = 0; index < warmup + requests; index += 1) {
    const path = paths[index % paths.length]!;
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { 'accept-encoding': 'br, gzip' },
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
    if (index >= warmup) recorder.record(performance.now() - started);
  }
  return recorder.summary();
}

/** Product pages not yet asked for (skipping `except`), from the API's list pages: each is a cold read. */
async function otherProductPaths(baseUrl: string, except: string, count: number): Promise<string[]> {
  const paths: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < Math.ceil(count / 100) + 1 && paths.length < count; page += 1) {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const body: ListPage = await expect<ListPage>(
      baseUrl,
      { method: 'GET', path: `/api/products?limit=100&sort=newest${suffix}` },
      200,
    );
    for (const item of body.items) {
      const path = `/p/${encodeURIComponent(item.slug)}`;
      if (path !== except && paths.length < count) paths.push(path);
    }
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  return paths;
}

async function auditOnce(
  url: string,
  headers: Readonly<Record<string, string>>,
): Promise<{ summary: RunSummary; version: string }> {
  const browser = await launchChromium();
  let timer: NodeJS.Timeout | undefined;
  try {
    const run = lighthouse(url, {
      port: browser.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: [...categoryIds],
      ...(Object.keys(headers).length === 0 ? {} : { extraHeaders: { ...headers } }),
    });
    // When the deadline wins, closing Chromium rejects the run: already reported, not unhandled.
    run.catch(() => undefined);
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Lighthouse did not finish ${url} within ${runDeadlineMs / 1000} s`)),
        runDeadlineMs,
      );
    });
    const result = await Promise.race([run, deadline]);
    if (result === undefined) throw new Error(`Lighthouse answered no result for ${url}`);
    const lhr = result.lhr as unknown as LhrLike;
    return { summary: summarizeRun(lhr), version: lhr.lighthouseVersion };
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
}

export async function runLighthouse(options: BenchOptions, log: (line: string) => void): Promise<LighthouseReport> {
  const names = selectedPages(options.routes);
  const machine = machineFacts();
  const startedAt = new Date().toISOString();
  const chromium = await chromiumVersion();
  // The cart writes to the database: a temporary data directory, never a cached catalog.
  const server = await startServer({ products: options.products, log, temporaryData: true });
  assertLoopback(server.baseUrl);
  try {
    const { pages, productPath } = await pagesOf(server.baseUrl);
    await preflight(server.baseUrl, pages);
    const coldPaths = await otherProductPaths(server.baseUrl, productPath, options.requests);
    log(
      `server response: ${coldPaths.length} distinct product pages once each, then GET ${productPath} ${options.requests} times after ${warmupRequests} discarded`,
    );
    const productResponseCold = {
      pages: coldPaths.length,
      ...(await measureResponses(server.baseUrl, coldPaths, coldPaths.length, 0)),
    };
    const productResponse = {
      path: productPath,
      ...(await measureResponses(server.baseUrl, [productPath], options.requests, warmupRequests)),
    };
    const results: PageResult[] = [];
    let version = 'unknown';
    for (const page of pages.filter((candidate) => names.includes(candidate.name))) {
      const runs: RunSummary[] = [];
      for (let run = 1; run <= options.runs; run += 1) {
        log(`lighthouse ${page.name} (${page.path}), run ${run} of ${options.runs}`);
        const audited = await auditOnce(`${server.baseUrl}${page.path}`, page.headers);
        version = audited.version;
        runs.push(audited.summary);
      }
      results.push({
        name: page.name,
        path: page.path,
        median: medianRun(runs),
        performanceScores: runs.map((run) => run.scores.performance),
      });
    }
    const report: LighthouseReport = {
      scenario: 'lighthouse',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: { ...machine, loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100 },
      settings: {
        products: options.products,
        runs: options.runs,
        requests: options.requests,
        lighthouseVersion: version,
        chromium,
        formFactor: 'mobile',
        throttling: 'simulate',
      },
      server: { startupMs: server.startupMs },
      pages: results,
      productResponse,
      productResponseCold,
    };
    process.stdout.write(`\n${renderLighthouseReport(report)}\n`);
    await writeReport(options.outPath, report);
    log(`wrote ${options.outPath}`);
    return report;
  } finally {
    await server.stop();
  }
}
