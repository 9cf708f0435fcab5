import { createHash, timingSafeEqual } from 'node:crypto';
import type { Money } from '@mercato/platform/kernel';
import type { ShippingAddress, ShippingMethodId } from '@mercato/shipping/contract';
import type { Order, OrderItem } from '../contract.ts';
import type { OrderItemRow, OrderRow } from '../store/orders.ts';

const money = (amount: number, currency: string): Money => ({ amount, currency });

export function toOrderItem(row: OrderItemRow, currency: string): OrderItem {
  return {
    id: row.id,
    variantId: row.variant_id,
    productId: row.product_id,
    title: row.title,
    sku: row.sku,
    quantity: row.quantity,
    unitPrice: money(row.unit_price, currency),
    lineTotal: money(row.line_total, currency),
  };
}

/** The order as API.md shows it; `accessToken` only in the checkout answer. */
export function toOrder(row: OrderRow, items: readonly OrderItemRow[], accessToken?: string): Order {
  const c = row.currency;
  return {
    id: row.id,
    number: row.number,
    status: row.status,
    email: row.email,
    items: items.filter((item) => item.order_id === row.id).map((item) => toOrderItem(item, c)),
    totals: {
      subtotal: money(row.subtotal, c),
      discount: money(row.discount, c),
      shipping: money(row.shipping, c),
      tax: money(row.tax, c),
      total: money(row.total, c),
    },
    shippingAddress: row.shipping_address as ShippingAddress,
    shippingMethod: row.shipping_method as ShippingMethodId,
    payment: { status: row.payment_status, method: 'test_card' },
    shipment: row.carrier !== null && row.tracking_number !== null ? { carrier: row.carrier, trackingNumber: row.tracking_number } : null,
    refunded: money(row.refunded, c),
    customerId: row.customer_id,
    createdAt: row.created_at.toISOString(),
    ...(accessToken === undefined ? {} : { accessToken }),
  };
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
