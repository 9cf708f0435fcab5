import catalog from '@mercato/catalog';
import type { Product } from '@mercato/catalog/contract';
import { argon2Hasher, customersAuthentication, customersModule } from '@mercato/customers';
import type { EventEnvelope } from '@mercato/platform/bus';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { ProbeTokens } from '@mercato/platform/http/testing';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import reviews from '../src/module.ts';
import { value } from '@mercato/platform/testing';

export { eventually, value } from '@mercato/platform/testing';

/** Limits loose enough for a suite's many registrations and logins from one address. */
const rateLimit = { limit: 100_000, windowMs: 60_000 };
const customersConfig = {
  rateLimits: { loginsPerAddress: rateLimit, registrationsPerAddress: rateLimit, refreshesPerAddress: rateLimit },
  purgeIntervalMs: 0,
};

/**
 * Catalog, customers (argon2 at test-sized costs) and reviews on a fresh database of
 * `target`, authenticating requests through the customers module's real tokens.
 * `start: false` keeps relays still, so a test decides when and how events travel.
 */
export async function bootReviews(target: TestDbTarget, options: { start?: boolean } = {}) {
  const db = await target.open();
  const customers = customersModule({ hasher: argon2Hasher({ memoryCostKib: 1024, timeCost: 1, parallelism: 1 }) });
  const host = await bootTestHost({
    modules: [catalog, customers, reviews],
    db,
    config: { customers: customersConfig },
    authenticate: (apis) => customersAuthentication(apiOf(apis, customers)),
    start: options.start ?? true,
  });
  const apis = {
    catalog: apiOf(host.apis, catalog),
    customers: apiOf(host.apis, customers),
    reviews: apiOf(host.apis, reviews),
  };
  let counter = 0;

  /** A registered customer: its id and an access token. */
  async function customer(name = `Shopper ${counter + 1}`): Promise<{ id: string; token: string; name: string }> {
    counter++;
    const input = { email: `shopper${counter}@example.com`, password: `Quiet-Lantern-${counter}`, name };
    const registered = value(await apis.customers.register(input, { address: '127.0.0.1' }));
    return { id: registered.customer.id, token: registered.accessToken, name };
  }

  /** A signed-in staff member of `role`: its id and an access token. */
  async function staff(role: 'admin' | 'catalog' | 'support'): Promise<{ id: string; token: string }> {
    counter++;
    const email = `${role}${counter}@mercato.test`;
    const password = `Staff-Passphrase-${counter}`;
    const created = value(await apis.customers.createStaff({ email, password, name: `Staff ${role}`, role }));
    const signedIn = value(await apis.customers.login({ email, password }, { address: '127.0.0.1' }));
    return { id: created.id, token: signedIn.accessToken };
  }

  /** One customer and one staff member per role, for `probeAdminRoutes`. */
  async function probeTokens(): Promise<ProbeTokens> {
    const [shopper, admin, catalogStaff, support] = await Promise.all([
      customer(),
      staff('admin'),
      staff('catalog'),
      staff('support'),
    ]);
    return {
      customer: shopper.token,
      staff: { admin: admin.token, catalog: catalogStaff.token, support: support.token },
    };
  }

  async function product(title: string): Promise<Product> {
    counter++;
    const sku = `SKU-${counter}`;
    return value(
      await apis.catalog.createProduct({
        title: `${title} ${counter}`,
        description: `${title}.`,
        variants: [{ sku, title: sku, options: {}, price: { amount: 1000, currency: 'USD' }, initialStock: 5 }],
      }),
    );
  }

  /** Delivers an event to a reviews subscription through its inbox, as the platform does. */
  async function deliver(type: string, data: unknown, eventId = `evt_test_${++counter}`): Promise<void> {
    const instance = host.host.instances.get('reviews');
    const subscription = instance?.subscriptions?.find((candidate) => candidate.types.includes(type));
    if (subscription === undefined) throw new Error(`no reviews subscription for ${type}`);
    const event: EventEnvelope = {
      id: eventId,
      type,
      version: 1,
      occurredAt: new Date().toISOString(),
      traceparent: null,
      data,
    };
    await host.db.transaction(async (tx) => {
      const claimed = await tx.query(
        'INSERT INTO reviews.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
        [subscription.consumer, event.id],
      );
      if (claimed.rows.length === 1) await subscription.handle(event, tx);
    });
  }

  return { ...host, apis, customer, staff, probeTokens, product, deliver };
}

export type ReviewsHost = Awaited<ReturnType<typeof bootReviews>>;

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Events in the reviews outbox, oldest first. */
export async function outboxEvents(host: ReviewsHost, productId?: string): Promise<EventEnvelope[]> {
  const { rows } = await host.db.query<{ id: string; type: string; version: number; occurred_at: Date; data: unknown }>(
    `SELECT id, type, version, occurred_at, data FROM reviews.outbox
      ${productId === undefined ? '' : "WHERE data->>'productId' = $1"} ORDER BY seq LIMIT 10000`,
    productId === undefined ? [] : [productId],
  );
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    version: row.version,
    occurredAt: row.occurred_at.toISOString(),
    traceparent: null,
    data: row.data,
  }));
}
