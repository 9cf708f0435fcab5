import type { Queryable } from '@mercato/platform/db';
import { checkoutLimits, type ReturnStatus } from '../contract.ts';
import type { QuantityRow } from './fulfillments.ts';

export type ReturnRow = {
  id: string;
  order_id: string;
  status: ReturnStatus;
  reason: string;
  location_id: string | null;
  refunded: number;
  created_at: Date;
  updated_at: Date;
};

const returnsMax = checkoutLimits.returnsPerOrderMax;
const linesPerOrderMax = 100;
const columns = 'id, order_id, status, reason, location_id, refunded, created_at, updated_at';

export async function insertReturn(
  q: Queryable,
  row: ReturnRow,
  items: readonly { orderItemId: string; quantity: number }[],
): Promise<void> {
  await q.query(`INSERT INTO checkout.returns (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
    row.id,
    row.order_id,
    row.status,
    row.reason,
    row.location_id,
    row.refunded,
    row.created_at,
    row.updated_at,
  ]);
  await q.query(
    `INSERT INTO checkout.return_items (return_id, order_item_id, order_id, quantity)
     SELECT $1, order_item_id, $2, quantity FROM unnest($3::text[], $4::int[]) AS i(order_item_id, quantity)`,
    [row.id, row.order_id, items.map((item) => item.orderItemId), items.map((item) => item.quantity)],
  );
}

export async function findReturn(q: Queryable, id: string): Promise<ReturnRow | undefined> {
  const { rows } = await q.query<ReturnRow>(`SELECT ${columns} FROM checkout.returns WHERE id = $1`, [id]);
  return rows[0];
}

/** The same, locked until the transaction ends. Lock order: the order's row before its returns'. */
export async function lockReturn(q: Queryable, id: string): Promise<ReturnRow | undefined> {
  const { rows } = await q.query<ReturnRow>(`SELECT ${columns} FROM checkout.returns WHERE id = $1 FOR UPDATE`, [id]);
  return rows[0];
}

/** Moves a return from `from` to `to` (with `changes`) only if it is still `from`; undefined otherwise. */
export async function changeReturn(
  q: Queryable,
  id: string,
  from: ReturnStatus,
  to: ReturnStatus,
  changes: { readonly location_id?: string; readonly refundedDelta?: number },
  now: Date,
): Promise<ReturnRow | undefined> {
  const { rows } = await q.query<ReturnRow>(
    `UPDATE checkout.returns SET status = $3, location_id = coalesce($4, location_id), refunded = refunded + $5, updated_at = $6
      WHERE id = $1 AND status = $2 RETURNING ${columns}`,
    [id, from, to, changes.location_id ?? null, changes.refundedDelta ?? 0, now],
  );
  return rows[0];
}

/**
 * Fixes where an accepted return's goods go back into stock, once: answers the location
 * now fixed (the one given, or the one an earlier try fixed), undefined when not accepted.
 */
export async function fixReturnLocation(
  q: Queryable,
  id: string,
  locationId: string,
  now: Date,
): Promise<string | undefined> {
  const { rows } = await q.query<{ location_id: string }>(
    `UPDATE checkout.returns SET location_id = coalesce(location_id, $2), updated_at = $3
      WHERE id = $1 AND status = 'accepted' RETURNING location_id`,
    [id, locationId, now],
  );
  return rows[0]?.location_id;
}

/** Undoes `fixReturnLocation` when that location turned out not to exist (nothing was restocked there). */
export async function clearReturnLocation(q: Queryable, id: string, locationId: string): Promise<void> {
  await q.query(
    `UPDATE checkout.returns SET location_id = NULL WHERE id = $1 AND status = 'accepted' AND location_id = $2`,
    [id, locationId],
  );
}

export async function countReturns(q: Queryable, orderId: string): Promise<number> {
  const { rows } = await q.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM checkout.returns WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.count ?? 0;
}

/** Returns of some orders, oldest first, with their lines. */
export async function findReturnsOfOrders(
  q: Queryable,
  orderIds: readonly string[],
): Promise<{ returns: ReturnRow[]; items: QuantityRow[] }> {
  if (orderIds.length === 0) return { returns: [], items: [] };
  const { rows: returns } = await q.query<ReturnRow>(
    `SELECT ${columns} FROM checkout.returns WHERE order_id = ANY($1::text[]) ORDER BY order_id, created_at, id LIMIT $2`,
    [orderIds, orderIds.length * returnsMax],
  );
  return {
    returns,
    items: await returnItems(
      q,
      returns.map((row) => row.id),
    ),
  };
}

export async function returnItems(q: Queryable, returnIds: readonly string[]): Promise<QuantityRow[]> {
  if (returnIds.length === 0) return [];
  const { rows } = await q.query<QuantityRow>(
    `SELECT return_id AS parent_id, order_item_id, quantity FROM checkout.return_items
      WHERE return_id = ANY($1::text[]) ORDER BY return_id, order_item_id LIMIT $2`,
    [returnIds, returnIds.length * linesPerOrderMax],
  );
  return rows;
}

/** Units per order line in returns that were not rejected, over some orders. */
export async function returnedQuantities(q: Queryable, orderIds: readonly string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await q.query<{ order_item_id: string; quantity: number }>(
    `SELECT i.order_item_id, sum(i.quantity)::int AS quantity FROM checkout.return_items i
       JOIN checkout.returns r ON r.id = i.return_id
      WHERE i.order_id = ANY($1::text[]) AND r.status <> 'rejected' GROUP BY i.order_item_id LIMIT $2`,
    [orderIds, orderIds.length * linesPerOrderMax],
  );
  return new Map(rows.map((row) => [row.order_item_id, row.quantity]));
}

export type ReturnListQuery = {
  readonly status?: ReturnStatus;
  readonly after?: { readonly createdAt: Date; readonly id: string };
  readonly limit: number;
};

/** Returns newest first, one page (`limit + 1` rows are read to know whether more follow). */
export async function listReturns(q: Queryable, query: ReturnListQuery): Promise<ReturnRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.status !== undefined) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  if (query.after !== undefined) {
    params.push(query.after.createdAt, query.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit + 1);
  const { rows } = await q.query<ReturnRow>(
    `SELECT ${columns} FROM checkout.returns ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
      ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}
