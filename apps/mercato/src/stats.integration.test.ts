import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CheckoutApi, Order } from '@mercato/checkout/contract';
import type { InventoryApi } from '@mercato/inventory/contract';
import { type EventEnvelope, inProcessTransport } from '@mercato/platform/bus';
import { openDb } from '@mercato/platform/db';
import { bearerAuthentication, createHttpServer, type HttpApp, type Principal } from '@mercato/platform/http';
import { manualClock, ok } from '@mercato/platform/kernel';
import { createTelemetry } from '@mercato/platform/telemetry';
import { registerStats, type StatsAnswer } from './stats.ts';

/** Tokens are readable in this test: `staff.<role>` or `customer`. */
async function verify(token: string): Promise<Principal | null> {
  if (token === 'customer') return { id: 'cus_1', kind: 'customer', sessionId: 'ses_1' };
  const [kind, role] = token.split('.');
  return kind === 'staff' ? { id: `stf_${role}`, kind: 'staff', role, sessionId: 'ses_2' } : null;
}

const clock = manualClock(new Date('2026-03-10T12:00:00Z'));
const orders: Order[] = [];
const checkout = {
  async adminListOrders() {
    return ok({ items: [...orders].reverse(), nextCursor: null });
  },
} as unknown as CheckoutApi;
const inventory = {
  async listLevels() {
    return ok({
      items: [{ sku: 'MUG-1', locationId: 'loc_default', onHand: 3, reserved: 1, available: 2 }],
      nextCursor: null,
    });
  },
} as unknown as InventoryApi;

function placedOrder(createdAt: Date, total: number): Order {
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  return {
    id: `ord_${orders.length}`,
    status: 'placed',
    totals: { subtotal: usd(total), discount: usd(0), shipping: usd(0), tax: usd(0), total: usd(total) },
    refunded: usd(0),
    createdAt: createdAt.toISOString(),
  } as Order;
}

describe('GET /api/admin/stats', () => {
  let http: HttpApp;
  let close: () => Promise<void>;
  let published: (events: EventEnvelope[]) => Promise<void>;

  before(async () => {
    const telemetry = createTelemetry({ serviceName: 'stats-test', logLevel: 'silent', tracing: 'none' });
    const db = await openDb({ kind: 'pglite' });
    const transport = inProcessTransport({ logger: telemetry.logger });
    http = await createHttpServer({
      telemetry,
      db,
      isReady: async () => true,
      authenticate: bearerAuthentication(verify),
      clock,
    });
    await registerStats(http, {
      checkout,
      inventory,
      metrics: telemetry.metrics,
      transport,
      clock,
      logger: telemetry.logger,
      currency: 'USD',
      options: { freshMs: 0 },
    });
    http.get('/api/boom', { config: { auth: 'public' } }, async () => {
      throw new Error('deliberate');
    });
    await http.ready();
    published = (events) => transport.publish(events);
    close = async () => {
      await http.close();
      await transport.close();
      await db.close();
      await telemetry.shutdown();
    };
  });

  after(async () => close?.());

  const stats = async (token = 'staff.support') => {
    const response = await http.inject({
      method: 'GET',
      url: '/api/admin/stats',
      headers: { authorization: `Bearer ${token}` },
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as StatsAnswer;
  };

  it('is for staff of every role only', async () => {
    assert.equal((await http.inject({ method: 'GET', url: '/api/admin/stats' })).statusCode, 401);
    const customer = await http.inject({
      method: 'GET',
      url: '/api/admin/stats',
      headers: { authorization: 'Bearer customer' },
    });
    assert.equal(customer.statusCode, 403);
    for (const role of ['admin', 'catalog', 'support']) await stats(`staff.${role}`);
  });

  it('answers orders per minute, revenue, latency, error rate and low stock', async () => {
    orders.push(
      placedOrder(new Date(clock.now().getTime() - 10_000), 1250),
      placedOrder(new Date(clock.now().getTime() - 3_600_000), 750),
    );
    for (let i = 0; i < 3; i++) await http.inject({ method: 'GET', url: '/api/boom' });
    const answer = await stats();
    assert.equal(answer.ordersPerMinute, 1);
    assert.deepEqual(answer.revenueToday, { amount: 2000, currency: 'USD' });
    assert.ok(answer.p99LatencyMs !== null && answer.p99LatencyMs > 0);
    assert.ok(answer.errorRate > 0 && answer.errorRate < 1, `errorRate ${answer.errorRate}`);
    assert.deepEqual(answer.lowStock, [{ sku: 'MUG-1', available: 2, onHand: 3, reserved: 1 }]);
    assert.equal(answer.lowStockThreshold, 5);
  });

  it('hears stock changes through the transport', async () => {
    await published([
      {
        id: 'evt_1',
        type: 'inventory.stock_changed',
        version: 1,
        occurredAt: clock.now().toISOString(),
        traceparent: null,
        data: { sku: 'MUG-1', available: 40, onHand: 41, reserved: 1, locationId: 'loc_default', locations: [] },
      },
    ]);
    assert.deepEqual((await stats()).lowStock, []);
  });
});
