import type { Queryable } from '@mercato/platform/db';
import { checkoutLimits, type RefundStatus } from '../contract.ts';

export type RefundRow = {
  id: string;
  order_id: string;
  return_id: string | null;
  status: RefundStatus;
  currency: string;
  amount: number;
  reason: string;
  idempotency_key: string;
  refusal_code: string | null;
  actor_id: string;
  actor_role: string | null;
  request_id: string | null;
  created_at: Date;
  settled_at: Date | null;
};

export async function insertRefund(q: Queryable, row: RefundRow): Promise<void> {
  await q.query(
    `INSERT INTO checkout.refunds (id, order_id, return_id, status, currency, amount, reason, idempotency_key, refusal_code,
       actor_id, actor_role, request_id, created_at, settled_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      row.id,
      row.order_id,
      row.return_id,
      row.status,
      row.currency,
      row.amount,
      row.reason,
      row.idempotency_key,
      row.refusal_code,
      row.actor_id,
      row.actor_role,
      row.request_id,
      row.created_at,
      row.settled_at,
    ],
  );
}

/** Settles a pending refund, once: undefined when another call settled it first. */
export async function settleRefund(
  q: Queryable,
  id: string,
  to: 'succeeded' | 'refused',
  refusalCode: string | null,
  now: Date,
): Promise<RefundRow | undefined> {
  const { rows } = await q.query<RefundRow>(
    `UPDATE checkout.refunds SET status = $2, refusal_code = $3, settled_at = $4
      WHERE id = $1 AND status = 'pending' RETURNING *`,
    [id, to, refusalCode, now],
  );
  return rows[0];
}

/** Σ of an order's succeeded refunds: what the order shows as refunded. */
export async function refundedTotal(q: Queryable, orderId: string): Promise<number> {
  const { rows } = await q.query<{ total: number }>(
    `SELECT coalesce(sum(amount), 0)::bigint AS total FROM checkout.refunds WHERE order_id = $1 AND status = 'succeeded'`,
    [orderId],
  );
  return Number(rows[0]?.total ?? 0);
}

/** Refunds that count against the per-order limit: pending and succeeded. */
export async function countLiveRefunds(q: Queryable, orderId: string): Promise<number> {
  const { rows } = await q.query<{ count: number }>(
    `SELECT count(*)::int AS count FROM checkout.refunds WHERE order_id = $1 AND status <> 'refused'`,
    [orderId],
  );
  return rows[0]?.count ?? 0;
}

/**
 * Refunds of some orders that moved money or may still: pending and succeeded, oldest
 * first (refused attempts stay in the table, unlisted; the per-order limit bounds the rest).
 */
export async function findRefundsOfOrders(q: Queryable, orderIds: readonly string[]): Promise<RefundRow[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await q.query<RefundRow>(
    `SELECT * FROM checkout.refunds WHERE order_id = ANY($1::text[]) AND status <> 'refused' ORDER BY order_id, created_at, id LIMIT $2`,
    [orderIds, orderIds.length * checkoutLimits.refundsPerOrderMax],
  );
  return rows;
}

/** Refunds still pending since before `olderThan` (their request died), oldest first. */
export async function pendingRefunds(q: Queryable, olderThan: Date, limit: number): Promise<RefundRow[]> {
  const { rows } = await q.query<RefundRow>(
    `SELECT * FROM checkout.refunds WHERE status = 'pending' AND created_at < $1 ORDER BY created_at LIMIT $2`,
    [olderThan, limit],
  );
  return rows;
}
