import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import type { DiscountType } from '../contract.ts';
import type { DiscountSettings, NewDiscount } from '../domain/discount.ts';

/** A discount as stored. */
export type DiscountRow = NewDiscount & {
  readonly id: string;
  readonly used: number;
  readonly active: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
};

const discountColumns = `id, code, type, value, currency, min_subtotal AS "minSubtotal", starts_at AS "startsAt", ends_at AS "endsAt",
  usage_limit AS "usageLimit", per_customer_limit AS "perCustomerLimit", used, active, created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Throws a unique violation (`discounts_code_key`) when the code is taken. */
export async function insertDiscount(q: Queryable, id: string, discount: NewDiscount, now: Date): Promise<DiscountRow> {
  const { rows } = await q.query<DiscountRow>(
    `INSERT INTO cart.discounts (id, code, type, value, currency, min_subtotal, starts_at, ends_at, usage_limit, per_customer_limit, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     RETURNING ${discountColumns}`,
    [
      id,
      discount.code,
      discount.type,
      discount.value,
      discount.currency,
      discount.minSubtotal,
      discount.startsAt,
      discount.endsAt,
      discount.usageLimit,
      discount.perCustomerLimit,
      now,
    ],
  );
  assert(rows[0] !== undefined, 'INSERT … RETURNING answered no row');
  return rows[0];
}

/** By normalized code. */
export async function discountByCode(q: Queryable, code: string): Promise<DiscountRow | undefined> {
  const { rows } = await q.query<DiscountRow>(`SELECT ${discountColumns} FROM cart.discounts WHERE code = $1`, [code]);
  return rows[0];
}

/** Locks the discount for a staff change: it takes turns with redemptions, which update the same row. */
export async function lockDiscount(q: Queryable, id: string): Promise<DiscountRow | undefined> {
  const { rows } = await q.query<DiscountRow>(
    `SELECT ${discountColumns} FROM cart.discounts WHERE id = $1 FOR UPDATE`,
    [id],
  );
  return rows[0];
}

/** Newest first, keyset paged after (createdAt, id); one row more tells whether another page follows. */
export async function pageOfDiscounts(
  q: Queryable,
  after: { createdAt: Date; id: string } | undefined,
  limit: number,
): Promise<DiscountRow[]> {
  const { rows } =
    after === undefined
      ? await q.query<DiscountRow>(
          `SELECT ${discountColumns} FROM cart.discounts ORDER BY created_at DESC, id DESC LIMIT $1`,
          [limit + 1],
        )
      : await q.query<DiscountRow>(
          `SELECT ${discountColumns} FROM cart.discounts WHERE (created_at, id) < ($1, $2) ORDER BY created_at DESC, id DESC LIMIT $3`,
          [after.createdAt, after.id, limit + 1],
        );
  return rows;
}

export async function saveSettings(
  q: Queryable,
  id: string,
  settings: DiscountSettings,
  now: Date,
): Promise<DiscountRow> {
  const { rows } = await q.query<DiscountRow>(
    `UPDATE cart.discounts SET active = $2, starts_at = $3, ends_at = $4, usage_limit = $5, per_customer_limit = $6, updated_at = $7
      WHERE id = $1 RETURNING ${discountColumns}`,
    [id, settings.active, settings.startsAt, settings.endsAt, settings.usageLimit, settings.perCustomerLimit, now],
  );
  assert(rows[0] !== undefined, `discount ${id} vanished under its row lock`);
  return rows[0];
}

/** Uses of a discount the customer holds now. */
export async function customerUses(q: Queryable, discountId: string, customerId: string | null): Promise<number> {
  if (customerId === null) return 0;
  const { rows } = await q.query<{ used: number }>(
    'SELECT used FROM cart.discount_customer_uses WHERE discount_id = $1 AND customer_id = $2',
    [discountId, customerId],
  );
  return rows[0]?.used ?? 0;
}

export async function setCartDiscount(q: Queryable, cartId: string, discountId: string | null): Promise<void> {
  await q.query('UPDATE cart.carts SET discount_id = $2 WHERE id = $1', [cartId, discountId]);
}

/** At a merge: the customer's cart keeps its own code; without one it takes the merged cart's. */
export async function inheritDiscount(q: Queryable, targetId: string, sourceId: string): Promise<void> {
  await q.query(
    `UPDATE cart.carts t SET discount_id = s.discount_id FROM cart.carts s
      WHERE t.id = $1 AND s.id = $2 AND t.discount_id IS NULL`,
    [targetId, sourceId],
  );
}

// ── Redemption (inside markCheckedOut's transaction) and its release (reopenCart) ──

export type Redeemed = {
  readonly code: string;
  readonly type: DiscountType;
  readonly value: number;
  readonly currency: string;
  readonly perCustomerLimit: number | null;
};

export type RedeemCheck = {
  readonly discountId: string;
  readonly now: Date;
  readonly subtotal: number;
  readonly hasCustomer: boolean;
};

/**
 * Takes one use, in one conditional UPDATE whose WHERE holds every rule of the code:
 * concurrent checkouts queue on the row lock and each re-checks `used < usage_limit` on
 * the row as the one before left it, so of N racing for the last use exactly one gets a
 * row back. Never read-then-write. Undefined when the code did not apply (say why by
 * reading it).
 */
export async function redeem(q: Queryable, check: RedeemCheck): Promise<Redeemed | undefined> {
  const { rows } = await q.query<Redeemed>(
    `UPDATE cart.discounts SET used = used + 1
      WHERE id = $1 AND active
        AND (starts_at IS NULL OR starts_at <= $2) AND (ends_at IS NULL OR ends_at > $2)
        AND (usage_limit IS NULL OR used < usage_limit)
        AND (per_customer_limit IS NULL OR $3::boolean)
        AND (min_subtotal IS NULL OR min_subtotal <= $4)
      RETURNING code, type, value, currency, per_customer_limit AS "perCustomerLimit"`,
    [check.discountId, check.now, check.hasCustomer, check.subtotal],
  );
  return rows[0];
}

/**
 * Counts the customer's use with a conditional upsert: a first use inserts the counter,
 * later ones raise it only while it is under the limit (the upsert locks the row, so two
 * checkouts of one customer take turns). False when the customer's uses are spent.
 */
export async function takeCustomerUse(
  q: Queryable,
  discountId: string,
  customerId: string,
  limit: number | null,
): Promise<boolean> {
  const { rowCount } = await q.query(
    `INSERT INTO cart.discount_customer_uses AS u (discount_id, customer_id, used) VALUES ($1, $2, 1)
     ON CONFLICT (discount_id, customer_id) DO UPDATE SET used = u.used + 1
      WHERE $3::integer IS NULL OR u.used < $3::integer`,
    [discountId, customerId, limit],
  );
  return rowCount === 1;
}

export type Redemption = {
  readonly discountId: string;
  readonly orderId: string;
  readonly cartId: string;
  readonly customerId: string | null;
  readonly amount: number;
  readonly redeemedAt: Date;
};

export async function insertRedemption(q: Queryable, redemption: Redemption): Promise<void> {
  await q.query(
    `INSERT INTO cart.discount_redemptions (discount_id, order_id, cart_id, customer_id, amount, redeemed_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [
      redemption.discountId,
      redemption.orderId,
      redemption.cartId,
      redemption.customerId,
      redemption.amount,
      redemption.redeemedAt,
    ],
  );
}

/**
 * Gives back the use an order's checkout took: deletes its redemption and lowers the
 * counters it raised. The DELETE decides: a second release finds no row and changes
 * nothing, so releasing is idempotent. Answers the released redemption, if any.
 */
export async function releaseRedemption(
  q: Queryable,
  cartId: string,
  orderId: string,
): Promise<{ discountId: string } | undefined> {
  const { rows } = await q.query<{ discountId: string; customerId: string | null }>(
    `DELETE FROM cart.discount_redemptions WHERE cart_id = $1 AND order_id = $2
     RETURNING discount_id AS "discountId", customer_id AS "customerId"`,
    [cartId, orderId],
  );
  assert(rows.length <= 1, `order ${orderId} held ${rows.length} redemptions`);
  const released = rows[0];
  if (released === undefined) return undefined;
  const total = await q.query('UPDATE cart.discounts SET used = used - 1 WHERE id = $1 AND used > 0', [
    released.discountId,
  ]);
  assert(total.rowCount === 1, `discount ${released.discountId} had a redemption but no use to give back`);
  if (released.customerId !== null) {
    const own = await q.query(
      'UPDATE cart.discount_customer_uses SET used = used - 1 WHERE discount_id = $1 AND customer_id = $2 AND used > 0',
      [released.discountId, released.customerId],
    );
    assert(
      own.rowCount === 1,
      `customer ${released.customerId} had a redemption of ${released.discountId} but no use counted`,
    );
  }
  return { discountId: released.discountId };
}
