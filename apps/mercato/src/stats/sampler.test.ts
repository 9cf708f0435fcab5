import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CheckoutApi } from '@mercato/checkout/contract';
import type { InventoryApi } from '@mercato/inventory/contract';
import { manualClock, ok } from '@mercato/platform/kernel';
import type { LatencyTotals } from './latency.ts';
import { createStatsSampler } from './sampler.ts';

const checkout = { adminListOrders: async () => ok({ items: [], nextCursor: null }) } as unknown as CheckoutApi;
const inventory = { listLevels: async () => ok({ items: [], nextCursor: null }) } as unknown as InventoryApi;

/** A histogram reading of `requests` requests, all under 1 ms except `slow` at ~1 s. */
function totals(requests: number, slow = 0): LatencyTotals {
  return {
    buckets: [
      { le: 0.001, count: requests - slow },
      { le: 1, count: requests },
      { le: Number.POSITIVE_INFINITY, count: requests },
    ],
    requests,
    errors: 0,
  };
}

describe('stats sampler', () => {
  it('keeps a bounded ring of samples, oldest first', async () => {
    const clock = manualClock(new Date('2026-03-10T12:00:00Z'));
    let reading = totals(0);
    const sampler = createStatsSampler({
      checkout,
      inventory,
      clock,
      currency: 'USD',
      readLatency: async () => reading,
      options: { samplesMax: 3, freshMs: 0 },
    });
    for (let i = 1; i <= 5; i++) {
      reading = totals(i * 10);
      clock.advance(10_000);
      await sampler.sample();
    }
    const { series } = await sampler.stats();
    assert.deepEqual(
      series.map((sample) => sample.at),
      ['2026-03-10T12:00:30.000Z', '2026-03-10T12:00:40.000Z', '2026-03-10T12:00:50.000Z'],
    );
  });

  it('measures latency over the trailing minute, so an old slow burst leaves the figure', async () => {
    const clock = manualClock(new Date('2026-03-10T12:00:00Z'));
    let reading = totals(0);
    const sampler = createStatsSampler({
      checkout,
      inventory,
      clock,
      currency: 'USD',
      readLatency: async () => reading,
      options: { freshMs: 0 },
    });
    await sampler.sample();
    reading = totals(100, 100); // a slow burst
    clock.advance(10_000);
    await sampler.sample();
    assert.ok(((await sampler.stats()).p99LatencyMs ?? 0) > 900);
    for (let i = 0; i < 7; i++) {
      reading = totals(reading.requests + 100, 100); // only fast requests since
      clock.advance(10_000);
      await sampler.sample();
    }
    const now = await sampler.stats();
    assert.ok(now.p99LatencyMs !== null && now.p99LatencyMs <= 1, `p99 ${now.p99LatencyMs}`);
    assert.equal(now.requestsPerMinute, 600);
  });

  it('answers callers within freshMs from one reading', async () => {
    const clock = manualClock();
    let reads = 0;
    const sampler = createStatsSampler({
      checkout,
      inventory,
      clock,
      currency: 'USD',
      readLatency: async () => {
        reads++;
        return totals(1);
      },
      options: { freshMs: 2000 },
    });
    await Promise.all([sampler.stats(), sampler.stats(), sampler.stats()]);
    clock.advance(1999);
    await sampler.stats();
    assert.equal(reads, 1);
    clock.advance(1);
    await sampler.stats();
    assert.equal(reads, 2);
  });
});
