/**
 * All SQL of payments and the money ledger. Every function takes a `Queryable` (the
 * Db or a transaction), so the service decides transaction boundaries. Running totals
 * only move through conditional UPDATEs: never read, decide, then write.
 */
import type { Queryable } from '@mercato/platform/db';
import type { PaymentMethod, PaymentStatus } from './contract.ts';

export * from './store/test-provider.ts';

export type PaymentRow = {
  id: string;
  order_id: string;
  status: PaymentStatus;
  method: PaymentMethod;
  provider: string;
  provider_reference: string | null;
  decline_reason: string | null;
  currency: string;
  amount: number;
  captured_amount: number;
  refunded_amount: number;
  created_at: Date;
  updated_at: Date;
};

export type LedgerKind = 'authorization' | 'capture' | 'void' | 'refund';

export type LedgerRow = {
  id: string;
  payment_id: string;
  kind: LedgerKind;
  state: 'pending' | 'succeeded' | 'declined';
  currency: string;
  amount: number;
  idempotency_key: string;
  reason: string | null;
  provider_reference: string | null;
};

const paymentColumns =
  'id, order_id, status, method, provider, provider_reference, decline_reason, currency, amount, captured_amount, refunded_amount, created_at, updated_at';
const ledgerColumns = 'id, payment_id, kind, state, currency, amount, idempotency_key, reason, provider_reference';

export async function insertPayment(db: Queryable, row: PaymentRow): Promise<void> {
  await db.query(
    `INSERT INTO payments.payments (${paymentColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      row.id,
      row.order_id,
      row.status,
      row.method,
      row.provider,
      row.provider_reference,
      row.decline_reason,
      row.currency,
      row.amount,
      row.captured_amount,
      row.refunded_amount,
      row.created_at,
      row.updated_at,
    ],
  );
}

export async function findPayment(db: Queryable, id: string): Promise<PaymentRow | undefined> {
  const { rows } = await db.query<PaymentRow>(`SELECT ${paymentColumns} FROM payments.payments WHERE id = $1`, [id]);
  return rows[0];
}

export async function findPaymentsByOrder(db: Queryable, orderId: string, limit: number): Promise<PaymentRow[]> {
  const { rows } = await db.query<PaymentRow>(
    `SELECT ${paymentColumns} FROM payments.payments WHERE order_id = $1 ORDER BY created_at, id LIMIT $2`,
    [orderId, limit],
  );
  return rows;
}

export async function listOpenAuthorizations(db: Queryable, olderThan: Date, limit: number): Promise<PaymentRow[]> {
  const { rows } = await db.query<PaymentRow>(
    `SELECT ${paymentColumns} FROM payments.payments
     WHERE status = 'authorized' AND created_at < $1 ORDER BY created_at, id LIMIT $2`,
    [olderThan, limit],
  );
  return rows;
}

/**
 * Claims an idempotency key for an operation: true when this call wrote the row; false
 * when the key was claimed before (then read it with `findLedgerEntry`). On PostgreSQL a
 * concurrent claim of the same key waits for the first one's transaction to end.
 */
export async function claimLedgerEntry(db: Queryable, row: LedgerRow, now: Date): Promise<boolean> {
  const { rows } = await db.query(
    `INSERT INTO payments.ledger (${ledgerColumns}, created_at, completed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $4 = 'pending' THEN NULL ELSE $10::timestamptz END)
     ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
    [
      row.id,
      row.payment_id,
      row.kind,
      row.state,
      row.currency,
      row.amount,
      row.idempotency_key,
      row.reason,
      row.provider_reference,
      now,
    ],
  );
  return rows.length === 1;
}

export async function findLedgerEntry(db: Queryable, idempotencyKey: string): Promise<LedgerRow | undefined> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${ledgerColumns} FROM payments.ledger WHERE idempotency_key = $1`,
    [idempotencyKey],
  );
  return rows[0];
}

/** Marks a pending operation confirmed by the provider; false when another call confirmed it first. */
export async function completeLedgerEntry(
  db: Queryable,
  id: string,
  providerReference: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await db.query(
    `UPDATE payments.ledger SET state = 'succeeded', provider_reference = $2, completed_at = $3
     WHERE id = $1 AND state = 'pending' RETURNING id`,
    [id, providerReference, now],
  );
  return rows.length === 1;
}

/** The ledger of a payment, oldest first (bounded: a payment has few operations). */
export async function ledgerOfPayment(db: Queryable, paymentId: string, limit = 200): Promise<LedgerRow[]> {
  const { rows } = await db.query<LedgerRow>(
    `SELECT ${ledgerColumns} FROM payments.ledger WHERE payment_id = $1 ORDER BY created_at, id LIMIT $2`,
    [paymentId, limit],
  );
  return rows;
}

/** authorized → captured, for at most the authorized amount. Undefined when the payment is not in a source state or the amount is too high. */
export async function markCaptured(
  db: Queryable,
  input: { id: string; amount: number; currency: string; sources: readonly PaymentStatus[]; now: Date },
): Promise<PaymentRow | undefined> {
  const { rows } = await db.query<PaymentRow>(
    `UPDATE payments.payments SET status = 'captured', captured_amount = $2, updated_at = $5
     WHERE id = $1 AND status = ANY($4::text[]) AND currency = $3 AND $2 <= amount
     RETURNING ${paymentColumns}`,
    [input.id, input.amount, input.currency, input.sources, input.now],
  );
  return rows[0];
}

/** authorized → voided. Undefined when the payment is not in a source state. */
export async function markVoided(
  db: Queryable,
  input: { id: string; sources: readonly PaymentStatus[]; now: Date },
): Promise<PaymentRow | undefined> {
  const { rows } = await db.query<PaymentRow>(
    `UPDATE payments.payments SET status = 'voided', updated_at = $3
     WHERE id = $1 AND status = ANY($2::text[]) RETURNING ${paymentColumns}`,
    [input.id, input.sources, input.now],
  );
  return rows[0];
}

/**
 * Adds a refund to the running total in one conditional UPDATE: it matches only while
 * `refunded + amount <= captured`, so concurrent refunds serialize on the row lock and
 * each one re-checks against the total the previous one committed. Undefined when the
 * payment is not refundable or the refund would exceed what was captured.
 */
export async function addRefund(
  db: Queryable,
  input: { id: string; amount: number; currency: string; sources: readonly PaymentStatus[]; now: Date },
): Promise<PaymentRow | undefined> {
  const { rows } = await db.query<PaymentRow>(
    `UPDATE payments.payments
     SET refunded_amount = refunded_amount + $2,
         status = CASE WHEN refunded_amount + $2 = captured_amount THEN 'refunded' ELSE 'partially_refunded' END,
         updated_at = $5
     WHERE id = $1 AND status = ANY($4::text[]) AND currency = $3 AND refunded_amount + $2 <= captured_amount
     RETURNING ${paymentColumns}`,
    [input.id, input.amount, input.currency, input.sources, input.now],
  );
  return rows[0];
}
