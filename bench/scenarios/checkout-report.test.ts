import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MachineFacts } from '../report.ts';
import type { LatencySummary } from '../stats.ts';
import type { FlowFigures } from './checkout-flow.ts';
import {
  type CheckoutLevel,
  type CheckoutReport,
  checkoutProblems,
  checkoutTarget,
  checkoutVerdict,
  ratioTo,
  renderCheckoutReport,
} from './checkout-report.ts';

const latency = (p99Ms: number): LatencySummary => ({
  count: 1000,
  p50Ms: p99Ms / 3,
  p99Ms,
  maxMs: p99Ms * 2,
  meanMs: p99Ms / 2,
});

function figures(
  overrides: Partial<FlowFigures & { placedPerSecond: number }> = {},
): FlowFigures & { placedPerSecond: number } {
  return {
    sequences: 10_000,
    placed: 10_000,
    pending: 0,
    errors: 0,
    non2xx: 0,
    sequenceLatency: latency(300),
    checkoutLatency: latency(100),
    answers: { cart: { '201': 10_000 }, items: { '200': 20_000 }, checkout: { '201': 10_000 } },
    refusals: {},
    placedPerSecond: 600,
    ...overrides,
  };
}

describe('checkoutVerdict', () => {
  it('passes 500 placed orders/s with a checkout p99 under 150 ms and no errors', () => {
    assert.deepEqual(checkoutVerdict(figures(), checkoutTarget), { pass: true, misses: [] });
  });

  it('names every miss: throughput, p99, errors and non-2xx answers', () => {
    const verdict = checkoutVerdict(
      figures({ placedPerSecond: 120, checkoutLatency: latency(150), errors: 2, non2xx: 3 }),
      checkoutTarget,
    );
    assert.equal(verdict.pass, false);
    assert.deepEqual(verdict.misses, [
      '120 placed orders/s < 500',
      'checkout p99 150 ms >= 150 ms',
      '2 requests without an answer',
      '3 non-2xx answers',
    ]);
  });

  it('misses when no checkout was answered at all', () => {
    const verdict = checkoutVerdict(
      figures({ checkoutLatency: { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 } }),
      checkoutTarget,
    );
    assert.deepEqual(verdict.misses, ['no checkout answered']);
  });
});

describe('checkoutProblems', () => {
  it('finds none when every placed order holds two units and matches the answers', () => {
    assert.deepEqual(
      checkoutProblems({ placedOrders: 10, pendingLeft: 0, unitsReserved: 20 }, { placed: 8, pending: 2 }),
      [],
    );
  });

  it('finds reserved units that do not match the orders, lost orders and extra orders', () => {
    assert.deepEqual(
      checkoutProblems({ placedOrders: 10, pendingLeft: 1, unitsReserved: 21 }, { placed: 11, pending: 0 }),
      [
        '1 orders still pending after the wait',
        '21 units reserved for 10 placed orders of 2 units',
        '11 checkouts answered 201 but the server lists 10 placed orders',
      ],
    );
    assert.deepEqual(
      checkoutProblems({ placedOrders: 10, pendingLeft: 0, unitsReserved: 20 }, { placed: 5, pending: 1 }),
      ['the server lists 10 placed orders for 5 answers 201 and 1 answers 202'],
    );
  });
});

describe('ratioTo', () => {
  it('answers the share of the baseline, 0 without one', () => {
    assert.equal(ratioTo(50, 2000), 0.025);
    assert.equal(ratioTo(50, 0), 0);
  });
});

describe('renderCheckoutReport', () => {
  const machine: MachineFacts = {
    cores: 2,
    cpuModel: 'Test CPU',
    memoryGiB: 24,
    platform: 'linux-x64',
    nodeVersion: 'v24.0.0',
    loadAverage1mAtStart: 1.5,
  };
  const level = (buyers: number): CheckoutLevel => {
    const measured = figures(buyers === 32 ? {} : { refusals: { 'checkout 503 inventory_unavailable': 2 } });
    return {
      ...measured,
      buyers,
      elapsedS: 20,
      server: { cpuPercent: 98, dbQueriesPerFlow: 95, dbMsPerFlow: 40, dbBusyPercent: 80 },
      healthz: { p50Ms: 35, maxMs: 90 },
      clientCpuPercent: 20,
      baselineTxPerSecond: 2000,
      ratio: 0.3,
      target: buyers === 32 ? checkoutTarget : null,
      verdict: buyers === 32 ? checkoutVerdict(measured, checkoutTarget) : null,
    };
  };
  const report: CheckoutReport = {
    scenario: 'checkout',
    startedAt: '2025-01-01T00:00:00Z',
    finishedAt: '2025-01-01T00:02:00Z',
    machine,
    loadAverage1mAtEnd: 2,
    settings: {
      products: 1000,
      durationS: 20,
      warmupS: 2,
      buyers: [8, 32],
      checkoutsMaxPerLevel: 50_000,
      variants: 195,
      unitsAddedPerVariant: 2000,
    },
    server: { startupMs: 30_000 },
    profile: {
      steps: [{ step: 'POST /api/checkout', requests: 20, meanMs: 30, queries: 55 }],
      afterAnswer: { afterMs: 300, queries: 12 },
      idleQueriesPerSecond: 180,
      idleCpuPercent: 4,
      placed: 25,
    },
    baseline: {
      rows: 1000,
      openMs: 20,
      levels: [{ concurrency: 1, transactions: 5000, elapsedMs: 2500, txPerSecond: 2000, p50Ms: 0.4, p99Ms: 1 }],
      sequential: { concurrency: 1, transactions: 5000, elapsedMs: 2500, txPerSecond: 2000, p50Ms: 0.4, p99Ms: 1 },
    },
    levels: [level(8), level(32)],
    consistency: { placedOrders: 20_000, pendingLeft: 0, unitsReserved: 40_000, problems: [] },
  };

  it('prints a row per level, the cost table, the quiet profile, the stock check, refusals and the verdict', () => {
    const text = renderCheckoutReport(report);
    assert.match(text, /^8 +600 +10000 +0 /m);
    assert.match(text, /^32 +600 .* >=500\/s, p99<150ms +PASS$/m);
    assert.match(text, /^32 +98 +20 +95\.0 +40\.00 +80 +35\.0 \/ 90\.0$/m);
    assert.match(text, /POST \/api\/checkout: 30\.0 ms, 55 queries; then 12 queries within 300 ms/);
    assert.match(text, /idle server: 180 queries\/s, 4% CPU/);
    assert.match(text, /stock: 20000 placed orders, 40000 units reserved, 0 pending left: consistent/);
    assert.match(text, /refusals at 8 buyers: checkout 503 inventory_unavailable ×2/);
    assert.match(text, /2,000 tx\/s at 1/);
    assert.match(text, /^PASS checkout at 32 buyers: 600 placed orders\/s, checkout p99 100 ms/m);
  });
});
