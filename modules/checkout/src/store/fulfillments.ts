import type { Queryable } from '@mercato/platform/db';
import { checkoutLimits } from '../contract.ts';

export type FulfillmentLocation = { sku: string; locationId: string; quantity: number };

export type FulfillmentRow = {
  id: string;
  order_id: string;
  carrier: string;
  tracking_number: string;
  locations: FulfillmentLocation[];
  created_at: Date;
};

/** Units of one order line, in a parcel or a return. */
export type QuantityRow = { parent_id: string; order_item_id: string; quantity: number };

const fulfillmentsMax = checkoutLimits.fulfillmentsPerOrderMax;
/** An order has at most 50 lines (a cart's); headroom for the bound. */
const linesPerOrderMax = 100;

export async function insertFulfillment(
  q: Queryable,
  row: Omit<FulfillmentRow, 'locations'>,
  items: readonly { orderItemId: string; quantity: number }[],
): Promise<void> {
  await q.query(
    `INSERT INTO checkout.fulfillments (id, order_id, carrier, tracking_number, created_at) VALUES ($1, $2, $3, $4, $5)`,
    [row.id, row.order_id, row.carrier, row.tracking_number, row.created_at],
  );
  await q.query(
    `INSERT INTO checkout.fulfillment_items (fulfillment_id, order_item_id, order_id, quantity)
     SELECT $1, order_item_id, $2, quantity FROM unnest($3::text[], $4::int[]) AS i(order_item_id, quantity)`,
    [row.id, row.order_id, items.map((item) => item.orderItemId), items.map((item) => item.quantity)],
  );
}

/** Where the parcel's units left stock, recorded by the fulfill saga's commit step. */
export async function setFulfillmentLocations(
  q: Queryable,
  id: string,
  locations: readonly FulfillmentLocation[],
): Promise<void> {
  await q.query('UPDATE checkout.fulfillments SET locations = $2 WHERE id = $1', [id, JSON.stringify(locations)]);
}

export async function countFulfillments(q: Queryable, orderId: string): Promise<number> {
  const { rows } = await q.query<{ count: number }>(
    'SELECT count(*)::int AS count FROM checkout.fulfillments WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.count ?? 0;
}

/** Parcels of some orders, oldest first, with their lines. */
export async function findFulfillments(
  q: Queryable,
  orderIds: readonly string[],
): Promise<{ fulfillments: FulfillmentRow[]; items: QuantityRow[] }> {
  if (orderIds.length === 0) return { fulfillments: [], items: [] };
  const { rows: fulfillments } = await q.query<FulfillmentRow>(
    `SELECT id, order_id, carrier, tracking_number, locations, created_at FROM checkout.fulfillments
      WHERE order_id = ANY($1::text[]) ORDER BY order_id, created_at, id LIMIT $2`,
    [orderIds, orderIds.length * fulfillmentsMax],
  );
  const { rows: items } = await q.query<QuantityRow>(
    `SELECT fulfillment_id AS parent_id, order_item_id, quantity FROM checkout.fulfillment_items
      WHERE order_id = ANY($1::text[]) ORDER BY fulfillment_id, order_item_id LIMIT $2`,
    [orderIds, orderIds.length * fulfillmentsMax * linesPerOrderMax],
  );
  return { fulfillments, items };
}

/** Units shipped per order line, over every parcel of some orders. */
export async function fulfilledQuantities(q: Queryable, orderIds: readonly string[]): Promise<Map<string, number>> {
  if (orderIds.length === 0) return new Map();
  const { rows } = await q.query<{ order_item_id: string; quantity: number }>(
    `SELECT order_item_id, sum(quantity)::int AS quantity FROM checkout.fulfillment_items
      WHERE order_id = ANY($1::text[]) GROUP BY order_item_id LIMIT $2`,
    [orderIds, orderIds.length * linesPerOrderMax],
  );
  return new Map(rows.map((row) => [row.order_item_id, row.quantity]));
}
