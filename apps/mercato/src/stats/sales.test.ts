import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckoutApi, Order, OrderStatus } from '@mercato/checkout/contract';
import { ok } from '@mercato/platform/kernel';
import { readSales, startOfDayUtc, tallySales } from './sales.ts';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const zero = usd(0);

function order(id: number, createdAt: string, status: OrderStatus, total: number, refunded = 0): Order {
  return {
    id: `ord_${id}`,
    number: `M-${100000 + id}`,
    status,
    email: 'buyer@example.com',
    items: [],
    totals: { subtotal: usd(total), discount: zero, shipping: zero, tax: zero, total: usd(total) },
    shippingAddress: { name: 'A', line1: '1 Road', city: 'Town', postalCode: '12345', country: 'US' },
    shippingMethod: 'standard',
    payment: {
      status: 'authorized',
      method: 'test_card',
      captured: usd(total),
      refunded: usd(refunded),
      net: usd(total - refunded),
    },
    shipment: null,
    fulfillments: [],
    deliveredAt: null,
    returns: [],
    refunds: [],
    refunded: usd(refunded),
    customerId: null,
    createdAt,
  } as Order;
}

/** A checkout whose staff list pages newest-first through `orders`. */
function fakeCheckout(orders: readonly Order[]): Pick<CheckoutApi, 'adminListOrders'> & { calls: number } {
  const sorted = [...orders].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const fake = {
    calls: 0,
    async adminListOrders(input: { limit?: number; cursor?: string }) {
      fake.calls++;
      const start = Number(input.cursor ?? 0);
      const limit = input.limit ?? 20;
      const items = sorted.slice(start, start + limit);
      return ok({ items, nextCursor: start + limit < sorted.length ? String(start + limit) : null });
    },
  };
  return fake;
}

const at = new Date('2026-03-10T12:00:30Z');

describe('sales figures', () => {
  it('counts orders placed in the last minute, leaving out pending and failed ones', () => {
    const orders = [
      order(1, '2026-03-10T12:00:10Z', 'placed', 1000),
      order(2, '2026-03-10T11:59:40Z', 'fulfilled', 1000),
      order(3, '2026-03-10T12:00:20Z', 'pending', 1000),
      order(4, '2026-03-10T12:00:25Z', 'failed', 1000),
      order(5, '2026-03-10T11:59:20Z', 'placed', 1000), // 70 s ago
    ];
    assert.equal(tallySales(orders, at, 'USD').ordersPerMinute, 2);
  });

  it('sums today’s kept money: totals less refunds, cancelled and failed orders left out', () => {
    const orders = [
      order(1, '2026-03-10T08:00:00Z', 'delivered', 2500),
      order(2, '2026-03-10T09:00:00Z', 'partially_refunded', 4000, 1500),
      order(3, '2026-03-10T10:00:00Z', 'cancelled', 9999),
      order(4, '2026-03-10T10:30:00Z', 'failed', 9999),
      order(5, '2026-03-09T23:59:59Z', 'placed', 7777), // yesterday (UTC)
    ];
    assert.deepEqual(tallySales(orders, at, 'USD').revenueToday, usd(2500 + 2500));
  });

  it('pages back only until it passes the start of the day', async () => {
    const orders = Array.from({ length: 250 }, (_, i) =>
      order(i, new Date(at.getTime() - 1000 - i * 60_000 * 6).toISOString(), 'placed', 100),
    );
    // One every 6 minutes: 120 today (12 hours), the rest yesterday.
    const checkout = fakeCheckout(orders);
    const sales = await readSales(checkout, { at, currency: 'USD' });
    assert.equal(sales.complete, true);
    assert.equal(checkout.calls, 2);
    assert.deepEqual(sales.revenueToday, usd(100 * 121));
    assert.equal(sales.ordersPerMinute, 1);
  });

  it('stops at its page limit and says the figure is incomplete', async () => {
    const orders = Array.from({ length: 500 }, (_, i) =>
      order(i, new Date(at.getTime() - 1000 - i * 1000).toISOString(), 'placed', 1),
    );
    const checkout = fakeCheckout(orders);
    const sales = await readSales(checkout, { at, currency: 'USD', pagesMax: 2 });
    assert.equal(checkout.calls, 2);
    assert.equal(sales.complete, false);
    assert.deepEqual(sales.revenueToday, usd(200));
  });

  it('takes the day in UTC', () => {
    assert.equal(startOfDayUtc(new Date('2026-03-10T00:30:00+02:00')).toISOString(), '2026-03-09T00:00:00.000Z');
  });
});
