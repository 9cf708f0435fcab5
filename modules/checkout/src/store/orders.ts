import type { Queryable } from '@mercato/platform/db';
import type { OrderPaymentStatus, OrderStatus } from '../contract.ts';

/** An order as stored; money columns are integer minor units in `currency`. */
export type OrderRow = {
  id: string;
  number: string;
  status: OrderStatus;
  cart_id: string;
  customer_id: string | null;
  email: string;
  access_token_hash: string | null;
  request_key: string | null;
  shipping_address: Record<string, unknown>;
  shipping_method: string;
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  total: number;
  payment_method: string;
  payment_status: OrderPaymentStatus;
  payment_id: string | null;
  captured: number;
  refunded: number;
  carrier: string | null;
  tracking_number: string | null;
  failure_code: string | null;
  created_at: Date;
  updated_at: Date;
  /** When all of it was delivered (migration 0002); absent on rows built before insert. */
  delivered_at?: Date | null;
};

export type OrderItemRow = {
  id: string;
  order_id: string;
  position: number;
  variant_id: string;
  product_id: string;
  sku: string;
  title: string;
  quantity: number;
  unit_price: number;
  line_total: number;
};

export type TotalsRow = Pick<OrderRow, 'subtotal' | 'discount' | 'shipping' | 'tax' | 'total'>;

/** Columns a status change may set besides the status. */
export type OrderChanges = Partial<
  Pick<
    OrderRow,
    | 'payment_status'
    | 'payment_id'
    | 'captured'
    | 'refunded'
    | 'carrier'
    | 'tracking_number'
    | 'failure_code'
    | 'delivered_at'
  >
>;

const changeColumns = [
  'payment_status',
  'payment_id',
  'captured',
  'refunded',
  'carrier',
  'tracking_number',
  'failure_code',
  'delivered_at',
] as const;

/** A cart holds at most 50 lines; a little headroom for the bound. */
const itemsPerOrderMax = 100;

export async function nextOrderNumber(q: Queryable): Promise<string> {
  const { rows } = await q.query<{ value: number }>(`SELECT nextval('checkout.order_number') AS value`);
  return `M-${rows[0]!.value}`;
}

export async function insertOrder(q: Queryable, row: OrderRow): Promise<void> {
  await q.query(
    `INSERT INTO checkout.orders (id, number, status, cart_id, customer_id, email, access_token_hash, request_key,
       shipping_address, shipping_method, currency, subtotal, discount, shipping, tax, total, payment_method,
       payment_status, payment_id, captured, refunded, carrier, tracking_number, failure_code, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23,
       $24, $25, $26)`,
    [
      row.id,
      row.number,
      row.status,
      row.cart_id,
      row.customer_id,
      row.email,
      row.access_token_hash,
      row.request_key,
      JSON.stringify(row.shipping_address),
      row.shipping_method,
      row.currency,
      row.subtotal,
      row.discount,
      row.shipping,
      row.tax,
      row.total,
      row.payment_method,
      row.payment_status,
      row.payment_id,
      row.captured,
      row.refunded,
      row.carrier,
      row.tracking_number,
      row.failure_code,
      row.created_at,
      row.updated_at,
    ],
  );
}

export async function findOrder(q: Queryable, id: string): Promise<OrderRow | undefined> {
  const { rows } = await q.query<OrderRow>('SELECT * FROM checkout.orders WHERE id = $1', [id]);
  return rows[0];
}

/** The currency of each of some orders (for the money of their returns). */
export async function currenciesOf(q: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; currency: string }>(
    'SELECT id, currency FROM checkout.orders WHERE id = ANY($1::text[]) LIMIT $2',
    [ids, ids.length],
  );
  return new Map(rows.map((row) => [row.id, row.currency]));
}

/** The same, locked until the transaction ends: status changes of one order queue up. */
export async function lockOrder(q: Queryable, id: string): Promise<OrderRow | undefined> {
  const { rows } = await q.query<OrderRow>('SELECT * FROM checkout.orders WHERE id = $1 FOR UPDATE', [id]);
  return rows[0];
}

/** The order a request key made, unless that order failed (a failed try may be tried again). */
export async function findLiveOrderByRequestKey(q: Queryable, requestKey: string): Promise<OrderRow | undefined> {
  const { rows } = await q.query<OrderRow>(
    `SELECT * FROM checkout.orders WHERE request_key = $1 AND status <> 'failed'`,
    [requestKey],
  );
  return rows[0];
}

export async function findItems(q: Queryable, orderIds: readonly string[]): Promise<OrderItemRow[]> {
  if (orderIds.length === 0) return [];
  const { rows } = await q.query<OrderItemRow>(
    `SELECT * FROM checkout.order_items WHERE order_id = ANY($1::text[]) ORDER BY order_id, position LIMIT $2`,
    [orderIds, orderIds.length * itemsPerOrderMax],
  );
  return rows;
}

/** Copies the checked-out lines in; a second call for the same order adds nothing. */
export async function insertItems(q: Queryable, items: readonly OrderItemRow[]): Promise<void> {
  if (items.length === 0) return;
  await q.query(
    `INSERT INTO checkout.order_items (id, order_id, position, variant_id, product_id, sku, title, quantity, unit_price, line_total)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
       $9::bigint[], $10::bigint[])
     ON CONFLICT (order_id, position) DO NOTHING`,
    [
      items.map((item) => item.id),
      items.map((item) => item.order_id),
      items.map((item) => item.position),
      items.map((item) => item.variant_id),
      items.map((item) => item.product_id),
      items.map((item) => item.sku),
      items.map((item) => item.title),
      items.map((item) => item.quantity),
      items.map((item) => item.unit_price),
      items.map((item) => item.line_total),
    ],
  );
}

/** The priced totals, while the order is still pending. */
export async function setTotals(q: Queryable, id: string, totals: TotalsRow, now: Date): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE checkout.orders SET subtotal = $2, discount = $3, shipping = $4, tax = $5, total = $6, updated_at = $7
      WHERE id = $1 AND status = 'pending'`,
    [id, totals.subtotal, totals.discount, totals.shipping, totals.tax, totals.total, now],
  );
  return rowCount === 1;
}

/**
 * Moves the order from `from` to `to` (and sets `changes`) only if it is still `from`:
 * the status read and the status written cannot drift apart. Answers the new row, or
 * undefined when another change came first.
 */
export async function changeStatus(
  q: Queryable,
  id: string,
  from: OrderStatus,
  to: OrderStatus,
  changes: OrderChanges,
  now: Date,
): Promise<OrderRow | undefined> {
  const sets = ['status = $3', 'updated_at = $4'];
  const params: unknown[] = [id, from, to, now];
  for (const column of changeColumns) {
    if (changes[column] === undefined) continue;
    params.push(changes[column]);
    sets.push(`${column} = $${params.length}`);
  }
  const { rows } = await q.query<OrderRow>(
    `UPDATE checkout.orders SET ${sets.join(', ')} WHERE id = $1 AND status = $2 RETURNING *`,
    params,
  );
  return rows[0];
}

/** Payment fields that follow the payment, whatever the order's status. */
export async function setPaymentState(q: Queryable, id: string, changes: OrderChanges, now: Date): Promise<void> {
  const sets = ['updated_at = $2'];
  const params: unknown[] = [id, now];
  for (const column of ['payment_status', 'payment_id', 'captured', 'refunded'] as const) {
    if (changes[column] === undefined) continue;
    params.push(changes[column]);
    sets.push(`${column} = $${params.length}`);
  }
  await q.query(`UPDATE checkout.orders SET ${sets.join(', ')} WHERE id = $1`, params);
}

/**
 * Sets `changes` without a status change (a parcel that leaves more to ship, a delivery
 * recorded on a refunded order). Callers hold the order's row lock.
 */
export async function updateOrder(q: Queryable, id: string, changes: OrderChanges, now: Date): Promise<OrderRow> {
  const sets = ['updated_at = $2'];
  const params: unknown[] = [id, now];
  for (const column of changeColumns) {
    if (changes[column] === undefined) continue;
    params.push(changes[column]);
    sets.push(`${column} = $${params.length}`);
  }
  const { rows } = await q.query<OrderRow>(
    `UPDATE checkout.orders SET ${sets.join(', ')} WHERE id = $1 RETURNING *`,
    params,
  );
  if (rows[0] === undefined) throw new Error(`order ${id} vanished while locked`);
  return rows[0];
}

/** A new guest token for a retried checkout whose first answer (with the first token) was lost. */
export async function replaceAccessToken(q: Queryable, id: string, hash: string): Promise<void> {
  await q.query('UPDATE checkout.orders SET access_token_hash = $2 WHERE id = $1 AND access_token_hash IS NOT NULL', [
    id,
    hash,
  ]);
}

export type OrderListQuery = {
  readonly customerId?: string;
  readonly status?: OrderStatus;
  /** Leave out failed orders (checkout attempts that never became orders). */
  readonly withoutFailed?: boolean;
  /** Keys of the last order served: rows strictly older come next. */
  readonly after?: { readonly createdAt: Date; readonly id: string };
  readonly limit: number;
};

/** Orders newest first, one page (`limit + 1` rows are read to know whether more follow). */
export async function listOrders(q: Queryable, query: OrderListQuery): Promise<OrderRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.customerId !== undefined) {
    params.push(query.customerId);
    where.push(`customer_id = $${params.length}`);
  }
  if (query.status !== undefined) {
    params.push(query.status);
    where.push(`status = $${params.length}`);
  }
  if (query.withoutFailed === true) where.push(`status <> 'failed'`);
  if (query.after !== undefined) {
    params.push(query.after.createdAt, query.after.id);
    where.push(`(created_at, id) < ($${params.length - 1}, $${params.length})`);
  }
  params.push(query.limit + 1);
  const { rows } = await q.query<OrderRow>(
    `SELECT * FROM checkout.orders ${where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`}
      ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}
