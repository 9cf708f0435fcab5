import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { emptyLatencyTotals, type HistogramValue, latencyTotals, latencyWindow } from './latency.ts';

const buckets = [0.001, 0.01, 0.1, 1];

function histogram() {
  const registry = new Registry();
  const metric = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'test',
    labelNames: ['method', 'route', 'status_code'],
    buckets,
    registers: [registry],
  });
  return {
    observe: (route: string, status: number, seconds: number, times = 1) => {
      for (let i = 0; i < times; i++) metric.observe({ method: 'GET', route, status_code: status }, seconds);
    },
    read: async () => latencyTotals((await metric.get()).values as HistogramValue[]),
  };
}

describe('latency window', () => {
  it('answers null p99 and no errors for a window without requests', async () => {
    const h = histogram();
    const before = await h.read();
    assert.deepEqual(latencyWindow(before, await h.read()), { p99LatencyMs: null, errorRate: 0, requests: 0 });
  });

  it('interpolates p99 inside the bucket that holds it', async () => {
    const h = histogram();
    h.observe('/api/products', 200, 0.0005, 98); // ≤ 1 ms
    h.observe('/api/products', 200, 0.05, 2); // 10–100 ms
    const window = latencyWindow(emptyLatencyTotals, await h.read());
    // rank 99 of 100: the first of the 2 slow ones → halfway through (10 ms, 100 ms].
    assert.equal(window.p99LatencyMs, 55);
    assert.equal(window.requests, 100);
  });

  it('counts only the window between two readings', async () => {
    const h = histogram();
    h.observe('/api/products', 200, 0.5, 100); // slow, before the window
    const before = await h.read();
    h.observe('/api/products', 200, 0.0005, 100);
    const window = latencyWindow(before, await h.read());
    assert.ok(window.p99LatencyMs !== null && window.p99LatencyMs <= 1, `p99 ${window.p99LatencyMs}`);
    assert.equal(window.requests, 100);
  });

  it('reports the share of 5xx answers as the error rate, 4xx not included', async () => {
    const h = histogram();
    h.observe('/api/checkout', 201, 0.002, 6);
    h.observe('/api/checkout', 409, 0.002, 2);
    h.observe('/api/checkout', 503, 0.002, 2);
    assert.equal(latencyWindow(emptyLatencyTotals, await h.read()).errorRate, 0.2);
  });

  it('leaves out requests outside /api/ (pages, documents, unmatched paths)', async () => {
    const h = histogram();
    h.observe('/admin', 500, 2);
    h.observe('unmatched', 404, 0.0001);
    h.observe('/api/me', 200, 0.0005);
    const totals = await h.read();
    assert.equal(totals.requests, 1);
    assert.equal(totals.errors, 0);
  });

  it('reports a p99 beyond the largest bucket as that bound, and survives a counter reset', async () => {
    const h = histogram();
    h.observe('/api/slow', 200, 5, 10);
    const later = await h.read();
    assert.equal(latencyWindow(emptyLatencyTotals, later).p99LatencyMs, 1000);
    const inflated = { ...later, requests: later.requests + 50 };
    assert.equal(latencyWindow(inflated, later).requests, 10, 'a lower later reading counts from zero');
  });
});
