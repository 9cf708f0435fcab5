import type { EventEnvelope } from '@mercato/platform/bus';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import { type Authenticate, bearerAuthentication, type Principal } from '@mercato/platform/http';
import type { Clock } from '@mercato/platform/kernel';
import { type AnyModule, instanceOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import type { NotificationsConfig } from '../src/config.ts';
import { notificationsModule } from '../src/module.ts';
import type { MailTransport, OutgoingMail } from '../src/transport/port.ts';

export { eventually } from '@mercato/platform/testing';

export type BootOptions = {
  readonly clock?: Clock;
  readonly config?: Partial<NotificationsConfig>;
  readonly transport?: MailTransport;
  /** Start relays, consumers and the sender timer (default false: tests step events and sends by hand). */
  readonly start?: boolean;
  /** Other modules booted beside notifications (catalog and inventory, end to end). */
  readonly modules?: readonly AnyModule[];
  readonly moduleConfig?: Readonly<Record<string, unknown>>;
};

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

/** Stands in for the customers module's token verifier. */
export const testAuthenticate: Authenticate = bearerAuthentication(async (token) => testPrincipals[token] ?? null);

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Notifications (and any `modules`) on a fresh database of `target`. */
export async function bootNotifications(target: TestDbTarget, options: BootOptions = {}) {
  const db = await target.open();
  const definition = notificationsModule(options.transport === undefined ? {} : { transport: options.transport });
  const host = await bootTestHost({
    modules: [...(options.modules ?? []), definition],
    db,
    config: { ...options.moduleConfig, notifications: { sendIntervalMs: 0, ...options.config } },
    start: options.start ?? false,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    authenticate: () => testAuthenticate,
  });
  const instance = instanceOf(host.host, definition);
  return { ...host, api: instance.api, instance };
}

export type NotificationsHost = Awaited<ReturnType<typeof bootNotifications>>;

let eventCounter = 0;

/** An envelope as a relay would hand it over. */
export function envelope(
  type: string,
  data: unknown,
  options: { id?: string; occurredAt?: string } = {},
): EventEnvelope {
  return {
    id: options.id ?? `evt_test_${++eventCounter}`,
    type,
    version: 1,
    occurredAt: options.occurredAt ?? new Date().toISOString(),
    traceparent: null,
    data,
  };
}

export function subscriptionFor(host: NotificationsHost, type: string) {
  const subscription = host.instance.subscriptions?.find((candidate) => candidate.types.includes(type));
  if (subscription === undefined) throw new Error(`no notifications subscription for ${type}`);
  return subscription;
}

/** Delivers an event to notifications' subscription through an inbox row, as the platform does. */
export async function deliver(host: NotificationsHost, event: EventEnvelope): Promise<void> {
  const subscription = subscriptionFor(host, event.type);
  await host.db.transaction(async (tx) => {
    const claimed = await tx.query(
      'INSERT INTO notifications.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [subscription.consumer, event.id],
    );
    if (claimed.rows.length === 1) await subscription.handle(event, tx);
  });
}

export type MessageRow = {
  id: string;
  kind: string;
  recipient: string;
  subject: string;
  body_text: string;
  status: string;
  attempts: number;
};

/** Messages in notifications' table, oldest first. */
export async function messagesOf(host: NotificationsHost, kind?: string): Promise<MessageRow[]> {
  const { rows } = await host.db.query<MessageRow>(
    `SELECT id, kind, recipient, subject, body_text, status, attempts FROM notifications.messages
      ${kind === undefined ? '' : 'WHERE kind = $1'} ORDER BY created_at, id LIMIT 1000`,
    kind === undefined ? [] : [kind],
  );
  return rows;
}

/** A product event naming variants, as the catalog publishes it. */
export function productEvent(
  productId: string,
  title: string,
  variants: { id: string; sku: string; title: string }[],
  options: { type?: string; occurredAt?: string } = {},
) {
  return envelope(
    options.type ?? 'catalog.product_created',
    { id: productId, slug: productId, title, categoryIds: [], variants },
    options,
  );
}

/** A transport that records what it was given and fails while `failures` is above 0. */
export function recordingTransport(failures = 0) {
  const delivered: OutgoingMail[] = [];
  let failuresLeft = failures;
  let calls = 0;
  const transport: MailTransport = {
    kind: 'test',
    async send(mail) {
      calls++;
      if (failuresLeft > 0) {
        failuresLeft--;
        throw new Error('mail server unavailable');
      }
      delivered.push(mail);
    },
    async close() {},
  };
  return { transport, delivered, calls: () => calls };
}

export const usd = (amount: number) => ({ amount, currency: 'USD' });
