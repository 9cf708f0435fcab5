import type { Queryable } from '@mercato/platform/db';

/**
 * Records that the customer received these products (the delivered purchases read
 * model); products already recorded keep their first order.
 */
export async function recordDelivered(
  q: Queryable,
  customerId: string,
  productIds: readonly string[],
  orderId: string,
  deliveredAt: string,
): Promise<void> {
  await q.query(
    `INSERT INTO reviews.delivered_purchases (customer_id, product_id, order_id, delivered_at)
     SELECT $1, product_id, $3, $4 FROM unnest($2::text[]) AS product_id
     ON CONFLICT DO NOTHING`,
    [customerId, productIds, orderId, deliveredAt],
  );
}
