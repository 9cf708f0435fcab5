import type { EventEnvelope } from '@mercato/platform/bus';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import { type Authenticate, bearerAuthentication, type Principal } from '@mercato/platform/http';
import { instanceOf } from '@mercato/platform/module';
// The platform's module test host (boots modules as the app does, on a test database).
import { bootTestHost } from '../../../platform/module/testing.ts';
import type { ImportProduct, NewVariant } from '../src/contract.ts';
import catalog from '../src/module.ts';

export { eventually, value } from '@mercato/platform/testing';

export type CatalogHost = Awaited<ReturnType<typeof bootCatalog>>;

/** The catalog module booted on a fresh database of `target`, with its HTTP routes. */
export async function bootCatalog(
  target: TestDbTarget,
  options: { start?: boolean; clock?: Clock; ids?: IdGenerator; authenticate?: Authenticate } = {},
) {
  const db = await target.open();
  const { authenticate } = options;
  const host = await bootTestHost({
    modules: [catalog],
    db,
    config: { catalog: { currency: 'USD', cache: { entriesMax: 1000, ttlMs: 60_000 } } },
    ...(options.start === undefined ? {} : { start: options.start }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.ids === undefined ? {} : { ids: options.ids }),
    ...(authenticate === undefined ? {} : { authenticate: () => authenticate }),
  });
  const instance = instanceOf(host.host, catalog);
  return { ...host, api: instance.api, instance };
}

export function usd(amount: number) {
  return { amount, currency: 'USD' };
}

export function variant(
  sku: string,
  amount: number,
  initialStock = 10,
  options: Record<string, string> = {},
): NewVariant {
  return { sku, title: sku, options, price: usd(amount), initialStock };
}

export function product(title: string, amount: number, extra: Partial<ImportProduct> = {}): ImportProduct {
  return {
    title,
    description: `${title}, described.`,
    variants: [variant(`SKU-${title.replace(/\W+/g, '-')}`, amount)],
    ...extra,
  };
}

/** Events in the catalog's outbox, oldest first. */
export async function outboxEvents(host: CatalogHost, type?: string): Promise<EventEnvelope[]> {
  const { rows } = await host.db.query<{ id: string; type: string; version: number; data: unknown }>(
    `SELECT id, type, version, data FROM catalog.outbox ${type === undefined ? '' : 'WHERE type = $1'} ORDER BY seq LIMIT 10000`,
    type === undefined ? [] : [type],
  );
  return rows.map((row) => ({ ...row, occurredAt: '', traceparent: null }));
}

/** Runs one of the catalog's subscriptions on an event, in a transaction, as the inbox runner would. */
export async function deliver(host: CatalogHost, type: string, data: unknown, occurredAt = new Date().toISOString()) {
  const subscription = host.instance.subscriptions?.find((candidate) => candidate.types.includes(type));
  if (subscription === undefined) throw new Error(`no catalog subscription for ${type}`);
  const event: EventEnvelope = {
    id: `evt_test_${Math.random().toString(36).slice(2)}`,
    type,
    version: 1,
    occurredAt,
    traceparent: null,
    data,
  };
  await host.db.transaction((tx) => subscription.handle(event, tx));
}

/**
 * Delivers `reviews.review_posted` events for these ratings in order, each carrying the
 * product's aggregate so far at the next version, as the reviews module publishes them.
 */
export async function deliverRatings(host: CatalogHost, productId: string, ratings: readonly number[]): Promise<void> {
  let sum = 0;
  for (const [index, rating] of ratings.entries()) {
    sum += rating;
    await deliver(host, 'reviews.review_posted', {
      productId,
      rating,
      productRating: { count: index + 1, sum, version: index + 1 },
    });
  }
}

/** Bearer tokens of the fake authenticator below: one customer and one staff member per role. */
export const testTokens = {
  customer: 'customer-token',
  staff: { admin: 'admin-token', catalog: 'catalog-token', support: 'support-token' },
} as const;

const testPrincipals: Readonly<Record<string, Principal>> = {
  [testTokens.customer]: { id: 'cus_test', kind: 'customer', sessionId: 'ses_customer' },
  [testTokens.staff.admin]: { id: 'stf_admin', kind: 'staff', role: 'admin', sessionId: 'ses_admin' },
  [testTokens.staff.catalog]: { id: 'stf_catalog', kind: 'staff', role: 'catalog', sessionId: 'ses_catalog' },
  [testTokens.staff.support]: { id: 'stf_support', kind: 'staff', role: 'support', sessionId: 'ses_support' },
};

/** Stands in for the customers module's token verifier: a fixed principal per test token, anything else refused. */
export const testAuthenticate: Authenticate = bearerAuthentication(async (token) => testPrincipals[token] ?? null);
