import type { CatalogSample, SampledCategory, SampledProduct } from './catalog-requests.ts';

/**
 * Reads a sample of the live catalog through the public API (API.md), so the load
 * uses real slugs, categories, cursors and title words. Every loop is bounded.
 */

const requestTimeoutMs = 10_000;
const sampledProductsMax = 200;
const listCursorsMax = 4;
const categoriesMax = 30;
const categoryDepthMax = 5;

type Summary = { slug: string; title: string; price: { amount: number } };
type ProductPage = { items: Summary[]; nextCursor: string | null };
type CategoryNode = { slug: string; productCount: number; children?: CategoryNode[] };

export async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(requestTimeoutMs) });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

function sampled(summary: Summary): SampledProduct {
  return { slug: summary.slug, title: summary.title, priceAmount: summary.price.amount };
}

/** Categories that hold products, parents and children alike, breadth first, at most `categoriesMax`. */
export function categorySlugs(roots: readonly CategoryNode[]): string[] {
  const slugs: string[] = [];
  let level: readonly CategoryNode[] = roots;
  for (let depth = 0; depth < categoryDepthMax && level.length > 0 && slugs.length < categoriesMax; depth += 1) {
    for (const node of level) if (node.productCount > 0 && slugs.length < categoriesMax) slugs.push(node.slug);
    level = level.flatMap((node) => node.children ?? []);
  }
  return slugs;
}

async function sampleProducts(baseUrl: string): Promise<SampledProduct[]> {
  const products: SampledProduct[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < Math.ceil(sampledProductsMax / 100); page += 1) {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const body: ProductPage = await fetchJson<ProductPage>(`${baseUrl}/api/products?limit=100${suffix}`);
    products.push(...body.items.map(sampled));
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  return products.slice(0, sampledProductsMax);
}

async function sampleListCursors(baseUrl: string): Promise<string[]> {
  const cursors: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < listCursorsMax; page += 1) {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const body: ProductPage = await fetchJson<ProductPage>(`${baseUrl}/api/products?limit=20${suffix}`);
    if (body.nextCursor === null) break;
    cursor = body.nextCursor;
    cursors.push(cursor);
  }
  return cursors;
}

async function sampleCategory(baseUrl: string, slug: string): Promise<SampledCategory> {
  const body = await fetchJson<ProductPage>(`${baseUrl}/api/products?category=${encodeURIComponent(slug)}&limit=20`);
  return { slug, products: body.items.map(sampled), nextCursor: body.nextCursor };
}

export async function sampleCatalog(baseUrl: string): Promise<CatalogSample> {
  const products = await sampleProducts(baseUrl);
  if (products.length === 0) throw new Error('the catalog is empty: GET /api/products?limit=100 answered no items');
  const listCursors = await sampleListCursors(baseUrl);
  const tree = await fetchJson<{ items: CategoryNode[] }>(`${baseUrl}/api/categories`);
  const categories: SampledCategory[] = [];
  for (const slug of categorySlugs(tree.items)) categories.push(await sampleCategory(baseUrl, slug));
  return { products, categories, listCursors };
}

/**
 * Sends every path once, one at a time, before any load: a route that answers errors is
 * named now, with its first failing path, instead of showing up as a column of non-2xx.
 */
export async function preflight(
  baseUrl: string,
  paths: readonly string[],
): Promise<{ failures: number; firstFailure: string | null }> {
  let failures = 0;
  let firstFailure: string | null = null;
  for (const path of paths) {
    let status: number | string;
    try {
      const response = await fetch(`${baseUrl}${path}`, { signal: AbortSignal.timeout(requestTimeoutMs) });
      await response.arrayBuffer();
      status = response.status;
    } catch (error) {
      status = error instanceof Error ? error.message : String(error);
    }
    if (status !== 200) {
      failures += 1;
      firstFailure ??= `${path} -> ${status}`;
    }
  }
  return { failures, firstFailure };
}
