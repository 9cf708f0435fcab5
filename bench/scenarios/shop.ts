import { randomBytes } from 'node:crypto';
import { expect } from '../client.ts';
import { runPool } from '../pool.ts';
import { type ProductDetail, pickVariants, type SampledVariant } from './checkout-plan.ts';

/**
 * Set-up and read-back for the checkout and flash-sale scenarios, all through the
 * HTTP API (API.md): a staff account, a sample of in-stock variants from the live
 * catalog, stock adjustments and levels, order counts. Every loop is bounded.
 */

export type StaffAccount = { readonly email: string; readonly password: string };

export type StockLevel = { readonly onHand: number; readonly reserved: number; readonly available: number };

type ProductPage = { items: { slug: string }[]; nextCursor: string | null };
type LevelPage = { items: { sku: string; onHand: number; reserved: number; available: number }[] };
type OrderPage = { items: { id: string; status: string }[]; nextCursor: string | null };

const pageSize = 100;
const samplingWorkers = 4;
const orderPagesMax = 2_000;

/** Credentials for the server's MERCATO_ADMIN_EMAIL / MERCATO_ADMIN_PASSWORD: a staff admin made at start. */
export function benchStaff(): StaffAccount {
  return { email: 'bench-admin@example.com', password: `Bench-${randomBytes(12).toString('base64url')}` };
}

export function staffEnv(staff: StaffAccount): Record<string, string> {
  return { MERCATO_ADMIN_EMAIL: staff.email, MERCATO_ADMIN_PASSWORD: staff.password };
}

export async function staffToken(baseUrl: string, staff: StaffAccount): Promise<string> {
  const body = await expect<{ accessToken: string }>(
    baseUrl,
    { method: 'POST', path: '/api/auth/login', body: { email: staff.email, password: staff.password } },
    200,
  );
  return body.accessToken;
}

/**
 * The in-stock variant with most units of each of the first `productsMax` products of
 * the live catalog (list pages, then every product page, a few at a time).
 */
export async function sampleVariants(baseUrl: string, productsMax: number): Promise<SampledVariant[]> {
  const slugs: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < Math.ceil(productsMax / pageSize) && slugs.length < productsMax; page += 1) {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const body: ProductPage = await expect<ProductPage>(
      baseUrl,
      { method: 'GET', path: `/api/products?limit=${pageSize}${suffix}` },
      200,
    );
    slugs.push(...body.items.map((item) => item.slug));
    cursor = body.nextCursor;
    if (cursor === null) break;
  }
  const products: ProductDetail[] = new Array(Math.min(productsMax, slugs.length));
  await runPool({
    workers: samplingWorkers,
    durationMs: 120_000,
    iterationsMax: products.length,
    iteration: async (_worker, index) => {
      const path = `/api/products/${encodeURIComponent(slugs[index]!)}`;
      products[index] = await expect<ProductDetail>(baseUrl, { method: 'GET', path }, 200);
    },
  });
  return pickVariants(products.filter((product) => product !== undefined));
}

function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** A SKU's level summed over its locations. */
export async function readLevel(baseUrl: string, token: string, sku: string): Promise<StockLevel> {
  const path = `/api/admin/inventory?sku=${encodeURIComponent(sku)}`;
  const body = await expect<LevelPage>(baseUrl, { method: 'GET', path, headers: bearer(token) }, 200);
  const levels = body.items.filter((item) => item.sku === sku);
  if (levels.length === 0) throw new Error(`GET ${path} listed no level for ${sku}`);
  return levels.reduce(
    (sum, level) => ({
      onHand: sum.onHand + level.onHand,
      reserved: sum.reserved + level.reserved,
      available: sum.available + level.available,
    }),
    { onHand: 0, reserved: 0, available: 0 },
  );
}

export async function adjustStock(
  baseUrl: string,
  token: string,
  sku: string,
  delta: number,
  reason: string,
): Promise<StockLevel> {
  return expect<StockLevel>(
    baseUrl,
    {
      method: 'POST',
      path: `/api/admin/inventory/${encodeURIComponent(sku)}/adjustments`,
      headers: bearer(token),
      body: { delta, reason },
    },
    200,
  );
}

/** Orders with `status`, counted through the admin list page by page (bounded). */
export async function countOrders(baseUrl: string, token: string, status: string): Promise<number> {
  let count = 0;
  let cursor: string | null = null;
  for (let page = 0; page < orderPagesMax; page += 1) {
    const suffix: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const path = `/api/admin/orders?status=${status}&limit=${pageSize}${suffix}`;
    const body: OrderPage = await expect<OrderPage>(baseUrl, { method: 'GET', path, headers: bearer(token) }, 200);
    count += body.items.length;
    cursor = body.nextCursor;
    if (cursor === null) return count;
  }
  throw new Error(`more than ${orderPagesMax * pageSize} ${status} orders: not counted`);
}

/** Waits (bounded) until no order is `pending`: sagas that answered 202 end placed or failed. */
export async function settlePending(baseUrl: string, token: string, deadlineMs: number): Promise<number> {
  const deadline = performance.now() + deadlineMs;
  for (;;) {
    const path = '/api/admin/orders?status=pending&limit=1';
    const body = await expect<OrderPage>(baseUrl, { method: 'GET', path, headers: bearer(token) }, 200);
    if (body.items.length === 0) return 0;
    if (performance.now() > deadline) return countOrders(baseUrl, token, 'pending');
    await new Promise((wake) => setTimeout(wake, 250));
  }
}
