/**
 * Orders per minute and today's revenue, read through the checkout module's staff API
 * (`adminListOrders`, newest first): the app may not read the checkout's tables. The
 * read pages back until it passes both the start of the day (UTC) and the last minute,
 * and stops after `pagesMax` pages, saying so (`complete: false`).
 */
import type { CheckoutApi, Order, OrderStatus } from '@mercato/checkout/contract';
import { type Money, money } from '@mercato/platform/kernel';

export type Sales = {
  /** Orders placed (not pending, not failed) in the minute before `at`. */
  readonly ordersPerMinute: number;
  /** Σ (total − refunded) of today's orders that took money; UTC day. */
  readonly revenueToday: Money;
  /** false when the day had more orders than the read may page through. */
  readonly complete: boolean;
};

export const salesDefaults = Object.freeze({ pageSize: 100, pagesMax: 20, windowMs: 60_000 });

/** Orders that count as placed: a pending one may still fail, a failed one never was. */
const placedStatuses: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'placed',
  'fulfilled',
  'delivered',
  'cancelled',
  'refunded',
  'partially_refunded',
]);
/** Orders whose money was kept (a cancelled order was voided or refunded in full). */
const revenueStatuses: ReadonlySet<OrderStatus> = new Set<OrderStatus>([
  'placed',
  'fulfilled',
  'delivered',
  'refunded',
  'partially_refunded',
]);

export function startOfDayUtc(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Tallies orders (any order, any page) into the two figures; orders in another currency are left out. */
export function tallySales(
  orders: readonly Order[],
  at: Date,
  currency: string,
  windowMs = salesDefaults.windowMs,
): Omit<Sales, 'complete'> {
  const now = at.getTime();
  const dayStart = startOfDayUtc(at).getTime();
  let ordersPerMinute = 0;
  let revenue = 0;
  for (const order of orders) {
    const created = Date.parse(order.createdAt);
    if (created > now) continue;
    if (created > now - windowMs && placedStatuses.has(order.status)) ordersPerMinute++;
    if (created >= dayStart && revenueStatuses.has(order.status) && order.totals.total.currency === currency) {
      const refunded = order.refunded.currency === currency ? order.refunded.amount : 0;
      revenue += Math.max(0, order.totals.total.amount - refunded);
    }
  }
  return { ordersPerMinute, revenueToday: money(revenue, currency) };
}

/** Pages through the newest orders and tallies them. Database failures are thrown. */
export async function readSales(
  checkout: Pick<CheckoutApi, 'adminListOrders'>,
  input: { readonly at: Date; readonly currency: string; readonly pagesMax?: number },
): Promise<Sales> {
  const pagesMax = input.pagesMax ?? salesDefaults.pagesMax;
  const oldestNeeded = Math.min(startOfDayUtc(input.at).getTime(), input.at.getTime() - salesDefaults.windowMs);
  const orders: Order[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < pagesMax; page++) {
    const result = await checkout.adminListOrders({
      limit: salesDefaults.pageSize,
      ...(cursor === undefined ? {} : { cursor }),
    });
    if (!result.ok) throw new Error(`listing orders for the stats failed: ${result.code}`);
    orders.push(...result.value.items);
    const last = result.value.items.at(-1);
    const passed = last === undefined || Date.parse(last.createdAt) < oldestNeeded;
    if (passed || result.value.nextCursor === null)
      return { ...tallySales(orders, input.at, input.currency), complete: true };
    cursor = result.value.nextCursor;
  }
  return { ...tallySales(orders, input.at, input.currency), complete: false };
}
