import assert from 'node:assert/strict';
import cart from '@mercato/cart';
import catalog from '@mercato/catalog';
import customers from '@mercato/customers';
import inventory from '@mercato/inventory';
import payments from '@mercato/payments';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { Clock } from '@mercato/platform/kernel';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import shipping from '@mercato/shipping';
import type { CheckoutConfig } from '../src/config.ts';
import type { Order } from '../src/contract.ts';
import { type CheckoutModuleOptions, checkoutModule } from '../src/module.ts';
import { principalFromHeader, testPrincipalHeader } from '@mercato/platform/http/testing';
import { atSagaPoints } from './saga-points.ts';
import { eventually } from '@mercato/platform/testing';

export { eventually } from '@mercato/platform/testing';

/** The test header the fake authenticator reads a principal from: `<kind>:<id>[:<role>]`. */
export const principalHeader = testPrincipalHeader;

/** Stands in for the customers module's token verifier. */
export const testAuthenticate = principalFromHeader;

/** Real time plus an offset the test moves forward (time keeps flowing for timers and leases). */
export function offsetClock(): Clock & { advance(ms: number): void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => {
      offsetMs += ms;
    },
  };
}

export const usd = (amount: number) => ({ amount, currency: 'USD' });

export const asCustomer = (id: string) => ({ [principalHeader]: `customer:${id}` });
export const asStaff = (role: 'admin' | 'catalog' | 'support') => ({ [principalHeader]: `staff:stf_${role}:${role}` });

/** Fast enough for tests: short retries, no timers unless a test turns them on. */
export const testCheckoutConfig: Partial<CheckoutConfig> = {
  requestBudgetMs: 1500,
  stepAttemptsMax: 3,
  retryBaseDelayMs: 20,
  retryDelayMaxMs: 200,
  recoveryIntervalMs: 0,
  reconciliationIntervalMs: 0,
  leaseMs: 5000,
};

export type BootOptions = {
  readonly config?: Partial<CheckoutConfig>;
  readonly module?: CheckoutModuleOptions;
  /** Called at every saga point (`reserve:unpersisted`, `reserve`, `compensate:reserve`, …); may throw there. */
  readonly sagaPoints?: (point: string) => void;
  /** How long the test provider's `tok_slow` takes (API.md: 2 s). */
  readonly slowDelayMs?: number;
  /** Database pool size for PostgreSQL targets is the target's; PGlite is one connection. */
  readonly start?: boolean;
  /** Time for every module (the return window test moves it on). */
  readonly clock?: Clock;
};

/** The whole shop on a fresh database of `target`: catalog to checkout, HTTP through `inject()`. */
export async function bootShop(target: TestDbTarget, options: BootOptions = {}) {
  const db = await target.open();
  const checkout = checkoutModule(options.module);
  const host = await bootTestHost({
    modules: [
      catalog,
      customers,
      inventory,
      payments,
      shipping,
      cart,
      options.sagaPoints === undefined ? checkout : atSagaPoints(checkout, options.sagaPoints),
    ],
    db,
    config: {
      inventory: { sweepIntervalMs: 0 },
      payments: { testProvider: { slowDelayMs: options.slowDelayMs ?? 2000 } },
      cart: { sweepIntervalMs: 0 },
      customers: { purgeIntervalMs: 0 },
      checkout: { ...testCheckoutConfig, ...options.config },
    },
    start: options.start ?? true,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    authenticate: () => testAuthenticate,
  });
  const apis = {
    catalog: apiOf(host.apis, catalog),
    inventory: apiOf(host.apis, inventory),
    payments: apiOf(host.apis, payments),
    cart: apiOf(host.apis, cart),
    checkout: apiOf(host.apis, checkout),
  };
  return { ...host, ...apis };
}

export type Shop = Awaited<ReturnType<typeof bootShop>>;

let productCounter = 0;

/** A product with one variant of `stock` units, stocked in inventory (its event delivered). */
export async function stockedVariant(
  shop: Shop,
  stock: number,
  price = 2500,
): Promise<{ variantId: string; sku: string }> {
  productCounter++;
  const sku = `SKU-${productCounter}-${Math.random().toString(36).slice(2, 8)}`.toUpperCase();
  const created = await shop.catalog.createProduct({
    title: `Thing ${productCounter}`,
    description: 'A thing to buy.',
    variants: [
      { sku, title: 'One', options: { size: 'one' }, price: { amount: price, currency: 'USD' }, initialStock: stock },
    ],
  });
  assert.ok(created.ok, created.ok ? '' : created.message);
  // The running relay may be delivering the event while drain() finds the outbox empty: poll.
  await shop.drain();
  await eventually(async () => ((await shop.inventory.availability([sku]))[sku] === stock ? true : undefined), 5000);
  return { variantId: created.value.variants[0]!.id, sku };
}

/** A cart with `quantity` units of a variant, anonymous unless a customer id is given. */
export async function cartWith(
  shop: Shop,
  variantId: string,
  quantity = 1,
  customerId: string | null = null,
): Promise<string> {
  const created = await shop.cart.createCart(customerId);
  const added = await shop.cart.addItem(created.id, customerId, { variantId, quantity });
  assert.ok(added.ok, added.ok ? '' : `${added.code}: ${added.message}`);
  return created.id;
}

/** A cart with several lines. */
export async function cartWithLines(
  shop: Shop,
  lines: readonly { variantId: string; quantity: number }[],
  customerId: string | null = null,
): Promise<string> {
  const created = await shop.cart.createCart(customerId);
  for (const line of lines) {
    const added = await shop.cart.addItem(created.id, customerId, line);
    assert.ok(added.ok, added.ok ? '' : `${added.code}: ${added.message}`);
  }
  return created.id;
}

/** A second stock location (inventory has no API for locations yet; tests add one as its own tests do). */
export async function addLocation(shop: Pick<Shop, 'db'>, id: string): Promise<void> {
  await shop.db.query('INSERT INTO inventory.locations (id, name) VALUES ($1, $1) ON CONFLICT DO NOTHING', [id]);
}

/** Events of one type in the checkout's outbox for an order, oldest first. */
export async function orderEvents(
  shop: Pick<Shop, 'db'>,
  type: string,
  orderId: string,
): Promise<Record<string, unknown>[]> {
  const { rows } = await shop.db.query<{ data: Record<string, unknown> }>(
    `SELECT data FROM checkout.outbox WHERE type = $1 AND data->>'orderId' = $2 ORDER BY seq LIMIT 100`,
    [type, orderId],
  );
  return rows.map((row) => row.data);
}

export function checkoutBody(cartId: string, token = 'tok_visa', overrides: Record<string, unknown> = {}) {
  return {
    cartId,
    email: 'buyer@example.com',
    shippingAddress: {
      name: 'Ada Buyer',
      line1: '1 Main Street',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
    },
    shippingMethod: 'standard',
    payment: { method: 'test_card' as const, token },
    ...overrides,
  };
}

let keyCounter = 0;
export const newKey = () => `key-${Date.now()}-${++keyCounter}`;

export async function postCheckout(shop: Shop, body: object, key = newKey(), headers: Record<string, string> = {}) {
  const response = await shop.app.inject({
    method: 'POST',
    url: '/api/checkout',
    headers: { 'idempotency-key': key, ...headers },
    payload: body,
  });
  return {
    status: response.statusCode,
    body: response.json() as { order: Order } & { error?: { code: string; details?: Record<string, unknown> } },
    response,
  };
}

type Count = { count: number };

/**
 * The saga's promise, checked over every table involved: no stock held without a live
 * order, no authorization without a placed order, and every saga finished.
 */
export async function assertNoOrphans(shop: Pick<Shop, 'db'>): Promise<void> {
  const q = <R extends Record<string, unknown>>(sql: string) => shop.db.query<R>(sql).then((result) => result.rows);
  const heldWithoutOrder = await q<{ order_id: string; status: string | null }>(
    `SELECT r.order_id, o.status FROM inventory.reservations r LEFT JOIN checkout.orders o ON o.id = r.order_id
      WHERE r.status = 'active' AND (o.status IS NULL OR o.status NOT IN ('placed', 'pending')) LIMIT 10`,
  );
  assert.deepEqual(heldWithoutOrder, [], 'stock held for orders that are not placed');
  const authorizedWithoutOrder = await q<{ id: string; status: string | null }>(
    `SELECT p.id, o.status FROM payments.payments p LEFT JOIN checkout.orders o ON o.id = p.order_id
      WHERE p.status = 'authorized' AND (o.status IS NULL OR o.status NOT IN ('placed', 'pending') OR o.payment_id <> p.id) LIMIT 10`,
  );
  assert.deepEqual(authorizedWithoutOrder, [], 'authorizations without a placed order');
  // A placed order shipped in part has captured its payment with the first parcel.
  const placedWithoutHold = await q<{ id: string }>(
    `SELECT o.id FROM checkout.orders o LEFT JOIN inventory.reservations r ON r.order_id = o.id
      LEFT JOIN payments.payments p ON p.id = o.payment_id
      WHERE o.status = 'placed' AND (r.status IS DISTINCT FROM 'active'
        OR p.status IS DISTINCT FROM (CASE WHEN EXISTS (SELECT 1 FROM checkout.fulfillments f WHERE f.order_id = o.id)
                                           THEN 'captured' ELSE 'authorized' END)) LIMIT 10`,
  );
  assert.deepEqual(placedWithoutHold, [], 'placed orders without their stock or authorization');
  const [unfinished] = await q<Count>(
    `SELECT count(*) AS count FROM checkout.sagas WHERE status IN ('running', 'compensating')`,
  );
  assert.equal(unfinished?.count, 0, 'unfinished sagas');
}

export async function countRows(shop: Pick<Shop, 'db'>, sql: string, params: unknown[] = []): Promise<number> {
  const { rows } = await shop.db.query<Count>(sql, params);
  return rows[0]?.count ?? 0;
}

/** An order's status straight from the table, for polling. */
export async function statusOf(shop: Pick<Shop, 'db'>, orderId: string): Promise<string | undefined> {
  const { rows } = await shop.db.query<{ status: string }>('SELECT status FROM checkout.orders WHERE id = $1', [
    orderId,
  ]);
  return rows[0]?.status;
}

/** Waits until the order has `status`. */
export async function untilStatus(
  shop: Pick<Shop, 'db'>,
  orderId: string,
  status: string,
  deadlineMs = 5000,
): Promise<void> {
  await eventually(async () => ((await statusOf(shop, orderId)) === status ? true : undefined), deadlineMs);
}
