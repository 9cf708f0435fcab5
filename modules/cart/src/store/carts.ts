import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import type { CartState } from '../domain/cart.ts';
import type { DiscountState, DiscountTerms } from '../domain/discount.ts';

/** A line as stored: the copy of the catalog's quote, and the quantity. */
export type ItemRecord = {
  readonly id: string;
  readonly variantId: string;
  readonly productId: string;
  readonly productTitle: string;
  readonly variantTitle: string;
  readonly sku: string;
  readonly thumbnailUrl: string | null;
  readonly quantity: number;
  readonly unitPrice: number;
  readonly currency: string;
};

/** The discount a cart holds, with what decides whether (and how much) it applies. */
export type CartDiscountRecord = DiscountState &
  DiscountTerms & {
    readonly id: string;
    readonly code: string;
    /** What the redemption took off, when the cart is checked out (it was redeemed then). */
    readonly redeemedAmount: number | null;
  };

export type CartRecord = CartState & {
  readonly currency: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly expiresAt: Date;
  /** In the order they were added. */
  readonly items: ItemRecord[];
  readonly discount: CartDiscountRecord | null;
  /** The moment of the read: expiry and the discount's dates are judged against it. */
  readonly readAt: Date;
};

type RawDiscount = Omit<CartDiscountRecord, 'startsAt' | 'endsAt'> & { startsAt: string | null; endsAt: string | null };
type RawCartRecord = Omit<CartRecord, 'discount' | 'readAt'> & { discount: RawDiscount | null };

// The discount travels as JSON, where timestamps are text.
const instantOf = (text: string | null) => (text === null ? null : new Date(text));

const stateColumns = `id, customer_id AS "customerId", status, order_id AS "orderId", line_count AS "lineCount"`;

// Every read below takes `now` and treats a cart past its expiry as gone (lazy expiry):
// the sweeper deletes such carts later, but they stop answering at once.

export type NewCart = { id: string; customerId: string | null; currency: string; now: Date; expiresAt: Date };

export async function insertCart(q: Queryable, cart: NewCart): Promise<void> {
  await q.query(
    `INSERT INTO cart.carts (id, customer_id, status, currency, created_at, updated_at, expires_at)
     VALUES ($1, $2, 'open', $3, $4, $4, $5)`,
    [cart.id, cart.customerId, cart.currency, cart.now, cart.expiresAt],
  );
}

/** The cart with its lines, in one statement. */
export async function cartRecord(q: Queryable, id: string, now: Date): Promise<CartRecord | undefined> {
  const { rows } = await q.query<RawCartRecord>(
    `SELECT c.id, c.customer_id AS "customerId", c.status, c.order_id AS "orderId", c.line_count AS "lineCount",
            c.currency, c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.expires_at AS "expiresAt",
            (SELECT coalesce(json_agg(json_build_object(
                      'id', i.id, 'variantId', i.variant_id, 'productId', i.product_id, 'productTitle', i.product_title,
                      'variantTitle', i.variant_title, 'sku', i.sku, 'thumbnailUrl', i.thumbnail_url,
                      'quantity', i.quantity, 'unitPrice', i.unit_price, 'currency', i.currency)
                    ORDER BY i.seq), '[]'::json)
               FROM (SELECT * FROM cart.items WHERE cart_id = c.id LIMIT 50) i) AS items,
            (SELECT json_build_object(
                      'id', d.id, 'code', d.code, 'type', d.type, 'value', d.value, 'currency', d.currency,
                      'minSubtotal', d.min_subtotal, 'startsAt', d.starts_at, 'endsAt', d.ends_at, 'active', d.active,
                      'usageLimit', d.usage_limit, 'used', d.used, 'perCustomerLimit', d.per_customer_limit,
                      'customerUsed', coalesce((SELECT u.used FROM cart.discount_customer_uses u
                                                 WHERE u.discount_id = d.id AND u.customer_id = c.customer_id), 0),
                      'redeemedAmount', (SELECT r.amount FROM cart.discount_redemptions r
                                          WHERE r.discount_id = d.id AND r.order_id = c.order_id))
               FROM cart.discounts d WHERE d.id = c.discount_id) AS discount
       FROM cart.carts c
      WHERE c.id = $1 AND c.expires_at > $2`,
    [id, now],
  );
  const row = rows[0];
  if (row === undefined) return undefined;
  const { discount } = row;
  return {
    ...row,
    discount:
      discount === null
        ? null
        : { ...discount, startsAt: instantOf(discount.startsAt), endsAt: instantOf(discount.endsAt) },
    readAt: now,
  };
}

/** Locks the cart row for a write: writes of one cart (and checkout) take turns. */
export async function lockCart(q: Queryable, id: string, now: Date): Promise<CartState | undefined> {
  const { rows } = await q.query<CartState>(
    `SELECT ${stateColumns} FROM cart.carts WHERE id = $1 AND expires_at > $2 FOR UPDATE`,
    [id, now],
  );
  return rows[0];
}

const openCartOfSql = `SELECT ${stateColumns} FROM cart.carts
  WHERE customer_id = $1 AND status = 'open' AND expires_at > $2
  ORDER BY updated_at DESC, id DESC LIMIT 1`;

/** The customer's most recently changed open cart. */
export async function openCartOf(
  q: Queryable,
  customerId: string,
  now: Date,
  lock: boolean,
): Promise<CartState | undefined> {
  const { rows } = await q.query<CartState>(lock ? `${openCartOfSql} FOR UPDATE` : openCartOfSql, [customerId, now]);
  return rows[0];
}

/** After a change of lines: the cart's idle clock restarts and its line count is recounted. */
export async function touchCart(q: Queryable, id: string, now: Date, expiresAt: Date): Promise<void> {
  await q.query(
    `UPDATE cart.carts
        SET updated_at = $2, expires_at = $3, line_count = (SELECT count(*) FROM cart.items WHERE cart_id = $1)
      WHERE id = $1`,
    [id, now, expiresAt],
  );
}

/**
 * open → checked_out in one conditional UPDATE: of two concurrent checkouts, the second
 * waits for the first's row lock, re-reads the row, finds it no longer open and changes
 * nothing. `line_count > 0` is on the same row, so an emptied cart cannot slip through.
 */
export async function checkOutCart(
  q: Queryable,
  id: string,
  orderId: string,
  now: Date,
  expiresAt: Date,
): Promise<{ customerId: string | null; discountId: string | null } | undefined> {
  const { rows } = await q.query<{ customerId: string | null; discountId: string | null }>(
    `UPDATE cart.carts SET status = 'checked_out', order_id = $2, updated_at = $3, expires_at = $4
      WHERE id = $1 AND status = 'open' AND line_count > 0 AND expires_at > $3
      RETURNING customer_id AS "customerId", discount_id AS "discountId"`,
    [id, orderId, now, expiresAt],
  );
  return rows[0];
}

/** checked_out by this order → open; a cart held by any other order is left alone. */
export async function reopenCart(
  q: Queryable,
  id: string,
  orderId: string,
  now: Date,
  expiresAt: Date,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE cart.carts SET status = 'open', order_id = NULL, updated_at = $3, expires_at = $4
      WHERE id = $1 AND status = 'checked_out' AND order_id = $2 AND expires_at > $3`,
    [id, orderId, now, expiresAt],
  );
  return rowCount === 1;
}

/** open → merged, with no lines left (the caller moved them); under the row lock. */
export async function markMerged(
  q: Queryable,
  id: string,
  intoCartId: string,
  now: Date,
  expiresAt: Date,
): Promise<void> {
  const { rowCount } = await q.query(
    `UPDATE cart.carts SET status = 'merged', merged_into = $2, line_count = 0, discount_id = NULL, updated_at = $3, expires_at = $4
      WHERE id = $1 AND status = 'open'`,
    [id, intoCartId, now, expiresAt],
  );
  assert(rowCount === 1, `cart ${id} was not open when merged, though its row was locked`);
}

export async function mergedInto(q: Queryable, id: string): Promise<string | null> {
  const { rows } = await q.query<{ mergedInto: string | null }>(
    'SELECT merged_into AS "mergedInto" FROM cart.carts WHERE id = $1',
    [id],
  );
  return rows[0]?.mergedInto ?? null;
}

/** Deletes up to `limit` expired carts (their lines go with them); oldest expiry first. */
export async function deleteExpired(q: Queryable, now: Date, limit: number): Promise<number> {
  const { rowCount } = await q.query(
    `DELETE FROM cart.carts WHERE id IN (
       SELECT id FROM cart.carts WHERE expires_at <= $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
    [now, limit],
  );
  return rowCount;
}
