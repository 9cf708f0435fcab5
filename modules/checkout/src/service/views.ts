import { createHash, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '@mercato/platform/db';
import { assert, type Money } from '@mercato/platform/kernel';
import type { ShippingAddress, ShippingMethodId } from '@mercato/shipping/contract';
import type { Fulfillment, ItemQuantity, Order, OrderItem, Refund, Return } from '../contract.ts';
import { type FulfillmentRow, findFulfillments, fulfilledQuantities, type QuantityRow } from '../store/fulfillments.ts';
import { findItems, type OrderItemRow, type OrderRow } from '../store/orders.ts';
import { findRefundsOfOrders, type RefundRow } from '../store/refunds.ts';
import { findReturnsOfOrders, type ReturnRow, returnedQuantities } from '../store/returns.ts';

const money = (amount: number, currency: string): Money => ({ amount, currency });

/** What an order shows besides its own row: lines, parcels, returns, refunds (read in a few bounded queries). */
export type OrderParts = {
  readonly items: readonly OrderItemRow[];
  readonly fulfilled: ReadonlyMap<string, number>;
  readonly returned: ReadonlyMap<string, number>;
  readonly fulfillments: readonly FulfillmentRow[];
  readonly fulfillmentItems: readonly QuantityRow[];
  readonly returns: readonly ReturnRow[];
  readonly returnItems: readonly QuantityRow[];
  readonly refunds: readonly RefundRow[];
};

export async function loadParts(q: Queryable, orderIds: readonly string[]): Promise<OrderParts> {
  const [items, fulfilled, returned, parcels, returns, refunds] = await Promise.all([
    findItems(q, orderIds),
    fulfilledQuantities(q, orderIds),
    returnedQuantities(q, orderIds),
    findFulfillments(q, orderIds),
    findReturnsOfOrders(q, orderIds),
    findRefundsOfOrders(q, orderIds),
  ]);
  return {
    items,
    fulfilled,
    returned,
    fulfillments: parcels.fulfillments,
    fulfillmentItems: parcels.items,
    returns: returns.returns,
    returnItems: returns.items,
    refunds,
  };
}

const quantitiesOf = (rows: readonly QuantityRow[], parentId: string): ItemQuantity[] =>
  rows
    .filter((row) => row.parent_id === parentId)
    .map((row) => ({ orderItemId: row.order_item_id, quantity: row.quantity }));

export function toOrderItem(
  row: OrderItemRow,
  currency: string,
  parts?: Pick<OrderParts, 'fulfilled' | 'returned'>,
): OrderItem {
  return {
    id: row.id,
    variantId: row.variant_id,
    productId: row.product_id,
    title: row.title,
    sku: row.sku,
    quantity: row.quantity,
    unitPrice: money(row.unit_price, currency),
    lineTotal: money(row.line_total, currency),
    fulfilledQuantity: parts?.fulfilled.get(row.id) ?? 0,
    returnedQuantity: parts?.returned.get(row.id) ?? 0,
  };
}

export function toReturn(row: ReturnRow, items: readonly QuantityRow[], currency: string): Return {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    items: quantitiesOf(items, row.id),
    reason: row.reason,
    locationId: row.location_id,
    refunded: money(row.refunded, currency),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function toFulfillment(row: FulfillmentRow, items: readonly QuantityRow[]): Fulfillment {
  return {
    id: row.id,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    items: quantitiesOf(items, row.id),
    locations: row.locations,
    createdAt: row.created_at.toISOString(),
  };
}

function toRefund(row: RefundRow): Refund {
  return {
    id: row.id,
    status: row.status,
    amount: money(row.amount, row.currency),
    reason: row.reason,
    returnId: row.return_id,
    createdAt: row.created_at.toISOString(),
  };
}

/**
 * The order as API.md shows it, with the additive fields; `accessToken` only in the
 * checkout answer. Asserts the ledger: the succeeded refunds add up to `refunded`.
 */
export function toOrder(row: OrderRow, parts: OrderParts, accessToken?: string): Order {
  const c = row.currency;
  const mine = <T extends { order_id: string }>(rows: readonly T[]) =>
    rows.filter((candidate) => candidate.order_id === row.id);
  const refunds = mine(parts.refunds);
  const refundedByRecords = refunds
    .filter((refund) => refund.status === 'succeeded')
    .reduce((sum, refund) => sum + refund.amount, 0);
  assert(
    refundedByRecords === row.refunded,
    `order ${row.id}: refunds add up to ${refundedByRecords}, the order shows ${row.refunded}`,
  );
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    email: row.email,
    items: mine(parts.items).map((item) => toOrderItem(item, c, parts)),
    totals: {
      subtotal: money(row.subtotal, c),
      discount: money(row.discount, c),
      shipping: money(row.shipping, c),
      tax: money(row.tax, c),
      total: money(row.total, c),
    },
    shippingAddress: row.shipping_address as ShippingAddress,
    shippingMethod: row.shipping_method as ShippingMethodId,
    payment: {
      status: row.payment_status,
      method: 'test_card',
      captured: money(row.captured, c),
      refunded: money(row.refunded, c),
      net: money(row.captured - row.refunded, c),
    },
    shipment:
      row.carrier !== null && row.tracking_number !== null
        ? { carrier: row.carrier, trackingNumber: row.tracking_number }
        : null,
    fulfillments: mine(parts.fulfillments).map((fulfillment) => toFulfillment(fulfillment, parts.fulfillmentItems)),
    deliveredAt: row.delivered_at == null ? null : row.delivered_at.toISOString(),
    returns: mine(parts.returns).map((entry) => toReturn(entry, parts.returnItems, c)),
    refunds: refunds.map(toRefund),
    refunded: money(row.refunded, c),
    customerId: row.customer_id,
    createdAt: row.created_at.toISOString(),
    ...(accessToken === undefined ? {} : { accessToken }),
  };
}

/** Orders with their parts, in the order of `rows`. */
export async function toOrders(q: Queryable, rows: readonly OrderRow[]): Promise<Order[]> {
  const parts = await loadParts(
    q,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toOrder(row, parts));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** True when `token` is the guest token whose hash the order keeps (compared in constant time). */
export function tokenMatches(row: Pick<OrderRow, 'access_token_hash'>, token: string | undefined): boolean {
  if (token === undefined || token.length === 0 || row.access_token_hash === null) return false;
  const given = Buffer.from(sha256Hex(token), 'hex');
  const kept = Buffer.from(row.access_token_hash, 'hex');
  return given.length === kept.length && timingSafeEqual(given, kept);
}
