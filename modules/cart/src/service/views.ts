import { assert, type Money, money, zeroMoney } from '@mercato/platform/kernel';
import type { AppliedDiscount, Cart, CartItem, Discount, Totals } from '../contract.ts';
import { discountAmount, discountProblem } from '../domain/discount.ts';
import { computeTotals, lineTotal, subtotalOf } from '../domain/totals.ts';
import type { CartRecord, DiscountRow, ItemRecord } from '../store.ts';

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

/** Σ unit price × quantity of the stored lines. */
export function subtotalOfRecord(record: CartRecord): Money {
  return subtotalOf(
    record.items.map((item) => ({ unitPrice: money(item.unitPrice, item.currency), quantity: item.quantity })),
    record.currency,
  );
}

type PricedDiscount = { readonly amount: Money; readonly applied: AppliedDiscount | null };

/**
 * What the cart's code takes off: on a checked-out cart, what its redemption took when
 * the cart was frozen (the code is not judged again); on an open cart, its amount while
 * it applies now, else nothing, with the reason in `problem`.
 */
function discountOf(record: CartRecord, subtotal: Money): PricedDiscount {
  const { discount } = record;
  if (discount === null) return { amount: zeroMoney(record.currency), applied: null };
  const minSubtotal = discount.minSubtotal === null ? null : money(discount.minSubtotal, discount.currency);
  const shown = { code: discount.code, type: discount.type, value: discount.value, minSubtotal };
  if (record.status === 'checked_out') {
    assert(
      discount.redeemedAmount !== null,
      `cart ${record.id} was checked out with ${discount.code} but holds no redemption`,
    );
    return { amount: money(discount.redeemedAmount, record.currency), applied: { ...shown, problem: null } };
  }
  const problem = discountProblem(discount, { now: record.readAt, subtotal, customerId: record.customerId });
  if (problem !== undefined)
    return { amount: zeroMoney(record.currency), applied: { ...shown, problem: problem.code } };
  return { amount: discountAmount(discount, subtotal), applied: { ...shown, problem: null } };
}

/** Totals of the stored lines and the cart's discount, with a given shipping price and tax rate. */
function priced(
  record: CartRecord,
  shippingAmount: number,
  taxRateBasisPoints: number,
): { totals: Totals; applied: AppliedDiscount | null } {
  const lines = record.items.map((item) => ({
    unitPrice: money(item.unitPrice, item.currency),
    quantity: item.quantity,
  }));
  const { amount, applied } = discountOf(record, subtotalOf(lines, record.currency));
  const shipping = money(shippingAmount, record.currency);
  return {
    totals: computeTotals({ lines, currency: record.currency, discount: amount, shipping, taxRateBasisPoints }),
    applied,
  };
}

export function totalsOf(record: CartRecord, shippingAmount: number, taxRateBasisPoints: number): Totals {
  return priced(record, shippingAmount, taxRateBasisPoints).totals;
}

/** A cart as answered: a plain cart has no address yet, so no shipping and no tax. */
export function toCart(record: CartRecord): Cart {
  assert(
    record.items.length === record.lineCount,
    `cart ${record.id} counts ${record.lineCount} lines but has ${record.items.length}`,
  );
  const { totals, applied } = priced(record, 0, 0);
  return {
    id: record.id,
    items: record.items.map(toItem),
    totals,
    customerId: record.customerId,
    status: record.status,
    orderId: record.orderId,
    createdAt: record.createdAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
    expiresAt: record.expiresAt.toISOString(),
    discount: applied,
  };
}

/** A discount as staff see it. */
export function toDiscount(row: DiscountRow): Discount {
  return {
    id: row.id,
    code: row.code,
    type: row.type,
    value: row.value,
    minSubtotal: row.minSubtotal === null ? null : money(row.minSubtotal, row.currency),
    startsAt: row.startsAt?.toISOString() ?? null,
    endsAt: row.endsAt?.toISOString() ?? null,
    usageLimit: row.usageLimit,
    perCustomerLimit: row.perCustomerLimit,
    used: row.used,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
