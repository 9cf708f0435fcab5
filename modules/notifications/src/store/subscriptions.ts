import type { Queryable } from '@mercato/platform/db';
import type { BackInStockSubscription } from '../contract.ts';

type SubscriptionRow = {
  id: string;
  variant_id: string;
  email: string;
  status: 'waiting' | 'notified';
  created_at: Date;
};

function toSubscription(row: SubscriptionRow): BackInStockSubscription {
  return {
    id: row.id,
    variantId: row.variant_id,
    email: row.email,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * Adds a waiting subscription, or answers the one already waiting for this (variant,
 * email): the partial unique index makes concurrent identical requests end with one row.
 */
export async function insertSubscription(
  q: Queryable,
  subscription: { id: string; variantId: string; email: string; now: Date },
): Promise<BackInStockSubscription> {
  const inserted = await q.query<SubscriptionRow>(
    `INSERT INTO notifications.back_in_stock_subscriptions (id, variant_id, email, status, created_at)
     VALUES ($1, $2, $3, 'waiting', $4)
     ON CONFLICT (variant_id, email) WHERE status = 'waiting' DO NOTHING
     RETURNING id, variant_id, email, status, created_at`,
    [subscription.id, subscription.variantId, subscription.email, subscription.now],
  );
  const row = inserted.rows[0] ?? (await waitingSubscription(q, subscription.variantId, subscription.email));
  if (row === undefined) throw new Error('a waiting subscription vanished between insert and read; retry');
  return toSubscription(row);
}

async function waitingSubscription(
  q: Queryable,
  variantId: string,
  email: string,
): Promise<SubscriptionRow | undefined> {
  const { rows } = await q.query<SubscriptionRow>(
    `SELECT id, variant_id, email, status, created_at FROM notifications.back_in_stock_subscriptions
      WHERE variant_id = $1 AND email = $2 AND status = 'waiting'`,
    [variantId, email],
  );
  return rows[0];
}

/** Whether this (variant, email) already waits: a repeat request is not a new subscription. */
export async function isWaiting(q: Queryable, variantId: string, email: string): Promise<boolean> {
  return (await waitingSubscription(q, variantId, email)) !== undefined;
}

/** Waiting subscriptions of an email and of a variant, each counted up to `countMax`. */
export async function countWaiting(
  q: Queryable,
  variantId: string,
  email: string,
  countMax: number,
): Promise<{ byEmail: number; byVariant: number }> {
  const { rows } = await q.query<{ by_email: number; by_variant: number }>(
    `SELECT (SELECT count(*) FROM (SELECT 1 FROM notifications.back_in_stock_subscriptions
                                    WHERE email = $1 AND status = 'waiting' LIMIT $3) e) AS by_email,
            (SELECT count(*) FROM (SELECT 1 FROM notifications.back_in_stock_subscriptions
                                    WHERE variant_id = $2 AND status = 'waiting' LIMIT $3) v) AS by_variant`,
    [email, variantId, countMax],
  );
  return { byEmail: rows[0]?.by_email ?? 0, byVariant: rows[0]?.by_variant ?? 0 };
}

/** A subscriber claimed for notification, with what the message needs. */
export type ClaimedSubscriber = {
  readonly id: string;
  readonly email: string;
  readonly productTitle: string;
  readonly variantTitle: string;
};

/**
 * Moves up to `limit` waiting subscriptions of the (non-archived) variants with this SKU
 * to `notified`, in one conditional UPDATE: a subscription is claimed by exactly one
 * event, so a subscriber is told once however often, or however concurrently, the
 * event arrives.
 */
export async function claimWaitingForSku(
  q: Queryable,
  claim: { sku: string; eventId: string; now: Date; limit: number },
): Promise<ClaimedSubscriber[]> {
  const { rows } = await q.query<{ id: string; email: string; product_title: string; variant_title: string }>(
    `UPDATE notifications.back_in_stock_subscriptions s
        SET status = 'notified', notified_at = $3, event_id = $2
       FROM notifications.variants v
      WHERE s.id IN (SELECT w.id FROM notifications.back_in_stock_subscriptions w
                       JOIN notifications.variants wv ON wv.variant_id = w.variant_id
                      WHERE wv.sku = $1 AND NOT wv.archived AND w.status = 'waiting'
                      ORDER BY w.id LIMIT $4 FOR UPDATE OF w)
        AND s.status = 'waiting' AND v.variant_id = s.variant_id
      RETURNING s.id, s.email, v.product_title, v.variant_title`,
    [claim.sku, claim.eventId, claim.now, claim.limit],
  );
  return rows.map((row) => ({
    id: row.id,
    email: row.email,
    productTitle: row.product_title,
    variantTitle: row.variant_title,
  }));
}
