import type { EventEnvelope } from '@mercato/platform/bus';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { Principal } from '@mercato/platform/http';
import type { Money } from '@mercato/platform/kernel';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import type { AuthorizeInput } from '../src/contract.ts';
import { type PaymentsModuleOptions, paymentsModule } from '../src/module.ts';
import type { LedgerRow } from '../src/store.ts';

export { value } from '@mercato/platform/testing';

export const testPrincipalHeader = 'x-test-principal';

/** Reads the caller from a test header (JSON of a Principal): the platform's auth rules still apply. */
export function headerAuthentication() {
  return async (request: { headers: Record<string, string | string[] | undefined> }): Promise<Principal | null> => {
    const header = request.headers[testPrincipalHeader];
    return typeof header === 'string' ? (JSON.parse(header) as Principal) : null;
  };
}

export const staff = (role: 'admin' | 'catalog' | 'support') => ({
  [testPrincipalHeader]: JSON.stringify({ id: `stf_${role}`, kind: 'staff', role, sessionId: 'ses_1' }),
});
export const customer = {
  [testPrincipalHeader]: JSON.stringify({ id: 'cus_1', kind: 'customer', sessionId: 'ses_2' }),
};

export type BootOptions = PaymentsModuleOptions & { readonly slowDelayMs?: number };

/** The payments module on a fresh database of `target`, relays stopped so the outbox can be read as written. */
export async function bootPayments(target: TestDbTarget, options: BootOptions = {}) {
  const payments = paymentsModule(options);
  const host = await bootTestHost({
    modules: [payments],
    db: await target.open(),
    config: { payments: { testProvider: { slowDelayMs: options.slowDelayMs ?? 20 } } },
    authenticate: () => headerAuthentication(),
    start: false,
  });
  return { ...host, api: apiOf(host.apis, payments) };
}
export type PaymentsHost = Awaited<ReturnType<typeof bootPayments>>;

export const usd = (amount: number): Money => ({ amount, currency: 'USD' });

let orders = 0;
/** An authorize input for a fresh order; the key is derived from the order as the saga does. */
export function authorizeInput(
  token = 'tok_visa',
  amount = 10_000,
  overrides: Partial<AuthorizeInput> = {},
): AuthorizeInput {
  orders++;
  const orderId = `ord_test_${process.pid}_${orders}`;
  return {
    orderId,
    amount: usd(amount),
    method: 'test_card',
    token,
    idempotencyKey: `${orderId}:authorize`,
    ...overrides,
  };
}

/** The failure code of a Result that must have failed. */
export function codeOf(result: { ok: true } | { ok: false; code: string }): string {
  if (result.ok) throw new Error('expected a failure, got a success');
  return result.code;
}

export async function ledgerOf(host: PaymentsHost, paymentId: string): Promise<LedgerRow[]> {
  const { rows } = await host.db.query<LedgerRow>(
    'SELECT * FROM payments.ledger WHERE payment_id = $1 ORDER BY created_at, id LIMIT 100',
    [paymentId],
  );
  return rows;
}

/** Events of one payment in the outbox, oldest first. */
export async function eventsOf(host: PaymentsHost, paymentId: string): Promise<EventEnvelope[]> {
  const { rows } = await host.db.query<{ id: string; type: string; version: number; data: { paymentId: string } }>(
    `SELECT id, type, version, data FROM payments.outbox WHERE data->>'paymentId' = $1 ORDER BY seq LIMIT 100`,
    [paymentId],
  );
  return rows.map((row) => ({ ...row, occurredAt: '', traceparent: null }));
}

export async function countRows(
  host: PaymentsHost,
  table: string,
  where = 'true',
  params: unknown[] = [],
): Promise<number> {
  const { rows } = await host.db.query<{ count: number }>(
    `SELECT count(*) AS count FROM payments.${table} WHERE ${where}`,
    params,
  );
  return rows[0]?.count ?? 0;
}

/** Checks the ledger adds up: captures − refunds = captured − refunded, and refunds never exceed captures. */
export async function ledgerAddsUp(host: PaymentsHost, paymentId: string) {
  const { rows } = await host.db.query<{ captures: number; refunds: number; captured: number; refunded: number }>(
    `SELECT
       coalesce((SELECT sum(amount) FROM payments.ledger WHERE payment_id = p.id AND kind = 'capture'), 0) AS captures,
       coalesce((SELECT sum(amount) FROM payments.ledger WHERE payment_id = p.id AND kind = 'refund'), 0) AS refunds,
       p.captured_amount AS captured, p.refunded_amount AS refunded
     FROM payments.payments p WHERE p.id = $1`,
    [paymentId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`no payment ${paymentId}`);
  return {
    ...row,
    addsUp: row.captures === row.captured && row.refunds === row.refunded && row.refunds <= row.captures,
  };
}
