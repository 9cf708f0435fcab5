import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type FlashSaleReport,
  flashSaleProblems,
  flashSaleTarget,
  flashSaleVerdict,
  renderFlashSaleReport,
  type SaleTimings,
  type StockFacts,
  saleTimings,
  unexpectedAnswers,
} from './flash-sale-report.ts';

describe('saleTimings', () => {
  it('measures from the first request sent to the last answer, and to the last placed order', () => {
    const timings = saleTimings([
      { startMs: 1000, endMs: 1100, status: 201 },
      { startMs: 1002, endMs: 1400, status: 201 },
      { startMs: 1001, endMs: 1900, status: 409 },
    ]);
    assert.deepEqual(timings, { allAnsweredMs: 900, lastPlacedMs: 400, firstAnswerMs: 100 });
  });

  it('answers zeros without answers, and no placed time when nothing was placed', () => {
    assert.deepEqual(saleTimings([]), { allAnsweredMs: 0, lastPlacedMs: 0, firstAnswerMs: 0 });
    assert.equal(saleTimings([{ startMs: 0, endMs: 5, status: 409 }]).lastPlacedMs, 0);
  });
});

function sale(overrides: Partial<StockFacts> = {}): StockFacts {
  return {
    units: 100,
    buyers: 300,
    before: { onHand: 100, reserved: 0, available: 100 },
    after: { onHand: 100, reserved: 100, available: 0 },
    placedOrders: 100,
    placedAnswers: 100,
    pendingLeft: 0,
    ...overrides,
  };
}

describe('flashSaleProblems', () => {
  it('finds none when every unit was sold once and nothing else moved', () => {
    assert.deepEqual(flashSaleProblems(sale()), []);
  });

  it('catches an oversold SKU', () => {
    const problems = flashSaleProblems(
      sale({ placedOrders: 103, placedAnswers: 103, after: { onHand: 100, reserved: 100, available: 0 } }),
    );
    assert.ok(problems.includes('oversold: 103 placed orders for 100 units'), problems.join('; '));
    assert.ok(problems.includes('reserved rose by 100 for 103 placed orders of one unit'), problems.join('; '));
  });

  it('catches units left unsold while buyers were turned away', () => {
    const problems = flashSaleProblems(
      sale({ placedOrders: 97, placedAnswers: 97, after: { onHand: 100, reserved: 97, available: 3 } }),
    );
    assert.deepEqual(problems, [
      'units left unsold while buyers were turned away: 97 placed of 100 units for 300 buyers',
    ]);
  });

  it('catches negative stock, a broken available, and buyers told something else than the server holds', () => {
    const problems = flashSaleProblems(
      sale({ after: { onHand: 100, reserved: 101, available: -1 }, placedAnswers: 99 }),
    );
    assert.ok(problems.includes('negative stock'));
    assert.ok(problems.includes('the buyers were told 99 orders were placed; the server lists 100'));
  });

  it('sells everything to fewer buyers than units without complaint', () => {
    const facts = sale({
      buyers: 50,
      placedOrders: 50,
      placedAnswers: 50,
      after: { onHand: 100, reserved: 50, available: 50 },
    });
    assert.deepEqual(flashSaleProblems(facts), []);
  });
});

describe('unexpectedAnswers', () => {
  it('counts answers other than orders and the sold-out refusal', () => {
    assert.equal(
      unexpectedAnswers({
        '201': 100,
        '202': 1,
        '409 insufficient_stock': 199,
        '503 inventory_unavailable': 2,
        '0 timeout': 1,
      }),
      3,
    );
  });
});

describe('flashSaleVerdict', () => {
  const timings = (allAnsweredMs: number): SaleTimings => ({
    allAnsweredMs,
    lastPlacedMs: allAnsweredMs / 2,
    firstAnswerMs: 5,
  });
  const answers = { '201': 100, '409 insufficient_stock': 200 };

  it('passes a consistent sale answered within a second, and applies at 100 units for 300 buyers', () => {
    const verdict = flashSaleVerdict(
      { units: 100, buyers: 300, timings: timings(800), answers, problems: [] },
      flashSaleTarget,
    );
    assert.deepEqual(verdict, { pass: true, applies: true, misses: [] });
  });

  it('misses a slow sale, unexpected answers and stock problems; indicative at another size', () => {
    const verdict = flashSaleVerdict(
      {
        units: 10,
        buyers: 30,
        timings: timings(1000),
        answers: { ...answers, '0 timeout': 1 },
        problems: ['negative stock'],
      },
      flashSaleTarget,
    );
    assert.equal(verdict.pass, false);
    assert.equal(verdict.applies, false);
    assert.deepEqual(verdict.misses, [
      'all answered after 1000 ms >= 1000 ms',
      '1 answers other than 201, 202 or 409 insufficient_stock',
      'negative stock',
    ]);
  });
});

describe('renderFlashSaleReport', () => {
  it('prints the time to sell out, the answers, the stock check and the verdict', () => {
    const timings: SaleTimings = { allAnsweredMs: 850, lastPlacedMs: 400, firstAnswerMs: 10 };
    const answers = { '201': 100, '409 insufficient_stock': 200 };
    const level = { concurrency: 1, transactions: 10_000, elapsedMs: 5_000, txPerSecond: 2_000, p50Ms: 0.4, p99Ms: 1 };
    const report: FlashSaleReport = {
      scenario: 'flash-sale',
      startedAt: '2025-01-01T00:00:00Z',
      finishedAt: '2025-01-01T00:01:00Z',
      machine: {
        cores: 2,
        cpuModel: 'Test CPU',
        memoryGiB: 24,
        platform: 'linux-x64',
        nodeVersion: 'v24.0.0',
        loadAverage1mAtStart: 1,
      },
      loadAverage1mAtEnd: 1.5,
      settings: { products: 1000, units: 100, buyers: 300 },
      startupMs: 30_000,
      sku: 'SKU-1',
      timings,
      answers,
      pendingOutcomes: {},
      latency: { count: 300, p50Ms: 500, p99Ms: 840, maxMs: 845, meanMs: 480 },
      server: { cpuPercent: 99, dbQueriesPerFlow: 40, dbMsPerFlow: 2.5, dbBusyPercent: 90 },
      placedPerSecond: 250,
      stock: sale(),
      problems: [],
      baseline: { rows: 1, openMs: 20, levels: [level], sequential: level },
      ratio: 0.125,
      target: flashSaleTarget,
      verdict: flashSaleVerdict({ units: 100, buyers: 300, timings, answers, problems: [] }, flashSaleTarget),
    };
    const text = renderFlashSaleReport(report);
    assert.match(text, /first request to last answer: 850 ms \(last placed order answered at 400 ms/);
    assert.match(text, /answers: 409 insufficient_stock ×200, 201 ×100/);
    assert.match(text, /99% CPU, 40 queries and 2\.5 ms of database time per checkout/);
    assert.match(text, /after: onHand 100, reserved 100, available 0: consistent/);
    assert.match(text, /^PASS flash sale: 100 units to 300 buyers in 850 ms/m);
  });
});
