import { assert, money, zeroMoney } from '@mercato/platform/kernel';
import type { Cart, CartItem, Totals } from '../contract.ts';
import { computeTotals, lineTotal } from '../domain/totals.ts';
import type { CartRecord, ItemRecord } from '../store.ts';

function toItem(item: ItemRecord): CartItem {
  const unitPrice = money(item.unitPrice, item.currency);
  return {
    id: item.id,
    variantId: item.variantId,
    productId: item.productId,
    title: item.productTitle,
    variantTitle: item.variantTitle,
    sku: item.sku,
    quantity: item.quantity,
    unitPrice,
    lineTotal: lineTotal({ unitPrice, quantity: item.quantity }),
    thumbnailUrl: item.thumbnailUrl,
  };
}

/** Totals of the stored lines with a given shipping price and tax rate. */
export function totalsOf(record: CartRecord, shippingAmount: number, taxRateBasisPoints: number): Totals {
  const lines = record.items.map((item) => ({ unitPrice: money(item.unitPrice, item.currency), quantity: item.quantity }));
  return computeTotals({
    lines,
    currency: record.currency,
    // Promotions (a later issue) supply the discount here; until then there is none.
    discount: zeroMoney(record.currency),
    shipping: money(shippingAmount, record.currency),
    taxRateBasisPoints,
  });
}

/** A cart as answered: a plain cart has no address yet, so no shipping and no tax. */
export function toCart(record: CartRecord): Cart {
  assert(record.items.length === record.lineCount, `cart ${record.id} counts ${record.lineCount} lines but has ${record.items.length}`);
  return {
    id: record.id,
    items: record.items.map(toItem),
    totals: totalsOf(record, 0, 0),
    customerId: record.customerId,
    status: record.status,
    orderId: record.orderId,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
  };
}
