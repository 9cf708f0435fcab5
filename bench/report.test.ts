import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RouteMeasurement } from './load.ts';
import {
  baselineOf,
  evaluateTarget,
  type Report,
  type RouteRow,
  ratioOf,
  renderReport,
  renderTable,
  type TargetSpec,
  verdictLines,
} from './report.ts';

function measurement(overrides: Partial<RouteMeasurement> = {}): RouteMeasurement {
  return {
    requestsPerSecond: 1000,
    p50Ms: 2,
    p99Ms: 10,
    maxMs: 30,
    errors: 0,
    non2xx: 0,
    requests: 20_000,
    durationS: 20,
    statusCodes: { '200': 20_000 },
    ...overrides,
  };
}

const listTarget: TargetSpec = { ratioMin: 0.4, p99MaxMs: 20, products: 1000 };

describe('baselineOf', () => {
  it('answers the mean of the first and last baseline and their drift', () => {
    const baseline = baselineOf(measurement({ requestsPerSecond: 10_000 }), measurement({ requestsPerSecond: 9_000 }));
    assert.equal(baseline.requestsPerSecond, 9_500);
    assert.equal(baseline.driftPercent, -10);
  });

  it('answers zero drift when the first baseline completed nothing', () => {
    assert.equal(baselineOf(measurement({ requestsPerSecond: 0 }), measurement()).driftPercent, 0);
  });
});

describe('ratioOf', () => {
  it('divides throughput by the baseline, to three decimals', () => {
    assert.equal(ratioOf(4_000, { requestsPerSecond: 9_000, driftPercent: 0 }), 0.444);
  });

  it('answers 0 against a baseline of nothing rather than Infinity', () => {
    assert.equal(ratioOf(4_000, { requestsPerSecond: 0, driftPercent: 0 }), 0);
  });
});

describe('evaluateTarget', () => {
  it('passes a route at or above the ratio and under the p99 ceiling', () => {
    const verdict = evaluateTarget(measurement({ p99Ms: 19.99 }), 0.4, listTarget, 1000);
    assert.deepEqual(verdict, { pass: true, applies: true, misses: [] });
  });

  it('misses a route below the ratio', () => {
    const verdict = evaluateTarget(measurement(), 0.39, listTarget, 1000);
    assert.equal(verdict.pass, false);
    assert.match(verdict.misses[0] ?? '', /throughput 39% of baseline < 40%/);
  });

  it('misses a route whose p99 reaches the ceiling', () => {
    const verdict = evaluateTarget(measurement({ p99Ms: 20 }), 0.9, listTarget, 1000);
    assert.equal(verdict.pass, false);
    assert.match(verdict.misses.join(), /p99 20 ms >= 20 ms/);
  });

  it('misses a fast route that answered errors', () => {
    const verdict = evaluateTarget(measurement({ errors: 3, non2xx: 5 }), 0.9, listTarget, 1000);
    assert.deepEqual(verdict.misses, ['3 connection errors', '5 non-2xx answers']);
  });

  it('marks the verdict indicative when the catalog size is not the target one', () => {
    const verdict = evaluateTarget(measurement(), 0.5, { ratioMin: 0.2, p99MaxMs: 50, products: 100_000 }, 1000);
    assert.equal(verdict.pass, true);
    assert.equal(verdict.applies, false);
  });
});

describe('renderTable', () => {
  it('pads the first column left and the others right, under a rule', () => {
    const table = renderTable(
      ['route', 'req/s'],
      [
        ['list', '12'],
        ['product page', '3,456'],
      ],
    );
    assert.equal(
      table,
      ['route         req/s', '------------  -----', 'list             12', 'product page  3,456'].join('\n'),
    );
  });
});

function report(rows: RouteRow[]): Report {
  return {
    scenario: 'catalog',
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: '2025-01-01T00:02:00.000Z',
    machine: {
      cores: 2,
      cpuModel: 'test cpu',
      memoryGiB: 24,
      platform: 'linux-x64',
      nodeVersion: 'v24.0.0',
      loadAverage1mAtStart: 0.5,
    },
    settings: { products: 1000, durationS: 20, warmupS: 2, connections: 32 },
    server: { startupMs: 1000, seeded: true, cachedData: false },
    baseline: { requestsPerSecond: 10_000, driftPercent: -1 },
    routes: rows,
  };
}

function routeRow(name: string, ratio: number, target: TargetSpec | null, products = 1000): RouteRow {
  const m = measurement({ requestsPerSecond: ratio * 10_000 });
  return {
    name,
    label: name,
    paths: ['/'],
    ...m,
    ratio,
    target,
    verdict: target === null ? null : evaluateTarget(m, ratio, target, products),
  };
}

describe('verdictLines', () => {
  it('prints one PASS or MISS line per route with a target, none for the baseline', () => {
    const lines = verdictLines(
      report([
        routeRow('baseline', 1, null),
        routeRow('list page', 0.5, listTarget),
        routeRow('product page', 0.3, listTarget),
      ]),
    );
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^PASS list page: 50% of baseline \(target >=40%\), p99 10 ms \(target <20 ms\)$/);
    assert.match(lines[1] ?? '', /^MISS product page: 30% .* - throughput 30% of baseline < 40%$/);
  });

  it('says when a verdict is only indicative', () => {
    const facets = { ratioMin: 0.2, p99MaxMs: 50, products: 100_000 };
    const [line] = verdictLines(report([routeRow('facets', 0.25, facets)]));
    assert.match(line ?? '', /\[indicative: the target is set at 100,000 products, this run has 1,000\]$/);
  });
});

describe('renderReport', () => {
  it('shows the machine, the run settings, the baseline and a row per route', () => {
    const text = renderReport(report([routeRow('list page', 0.5, listTarget)]));
    assert.match(text, /2 cores \(test cpu\)/);
    assert.match(text, /1,000 products, 20 s per route after 2 s warm-up, 32 connections/);
    assert.match(text, /10,000 req\/s, mean of first and last; drift -1%/);
    assert.match(text, /list page\s+5,000\s+2\.00\s+10\.00\s+0\s+0\s+0\.50\s+>=40%, p99<20ms @1,000\s+PASS/);
  });
});
