import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type LhrLike,
  type LighthouseReport,
  medianRun,
  type RunSummary,
  renderLighthouseReport,
  searchTermOf,
  summarizeRun,
  targetLines,
} from './lighthouse-report.ts';

type Audit = LhrLike['audits'][string];

function audit(score: number | null, title: string, extra: Partial<Audit> = {}): Audit {
  return { score, scoreDisplayMode: score === null ? 'informative' : 'binary', title, ...extra };
}

function lhr(scores: { performance: number; accessibility: number }, audits: Record<string, Audit> = {}): LhrLike {
  return {
    lighthouseVersion: '13.5.0',
    finalDisplayedUrl: 'http://127.0.0.1:1/',
    runWarnings: [],
    environment: { benchmarkIndex: 2400 },
    categories: {
      performance: {
        score: scores.performance,
        auditRefs: [
          { id: 'largest-contentful-paint', weight: 25 },
          { id: 'render-blocking-insight', weight: 0 },
        ],
      },
      accessibility: {
        score: scores.accessibility,
        auditRefs: [
          { id: 'color-contrast', weight: 7 },
          { id: 'image-alt', weight: 10 },
          { id: 'label', weight: 7 },
        ],
      },
      'best-practices': { score: 1, auditRefs: [] },
      seo: { score: null, auditRefs: [] },
    },
    audits: {
      'largest-contentful-paint': {
        score: 0.95,
        scoreDisplayMode: 'numeric',
        title: 'Largest Contentful Paint',
        numericValue: 1234.5678,
        displayValue: '1.2 s',
      },
      'network-requests': {
        score: null,
        scoreDisplayMode: 'informative',
        title: 'Network Requests',
        details: {
          items: [
            { url: 'http://127.0.0.1:1/', resourceType: 'Document', transferSize: 3000, resourceSize: 12000 },
            { url: 'http://127.0.0.1:1/a.js', resourceType: 'Script', transferSize: 1900, resourceSize: 4900 },
            { url: 'http://127.0.0.1:1/b.js', resourceType: 'Script', transferSize: 100, resourceSize: 300 },
          ],
        },
      },
      ...audits,
    },
  };
}

function run(performance: number | null, accessibility = 100): RunSummary {
  return {
    ...summarizeRun(lhr({ performance: 1, accessibility: 1 })),
    scores: { performance, accessibility, 'best-practices': 100, seo: 100 },
  };
}

describe('summarizeRun', () => {
  it('keeps scores out of 100, the metrics, and the scripts the page loaded', () => {
    const summary = summarizeRun(lhr({ performance: 0.987, accessibility: 1 }));
    assert.deepEqual(summary.scores, { performance: 99, accessibility: 100, 'best-practices': 100, seo: null });
    assert.equal(summary.metrics.lcpMs, 1234.568);
    assert.equal(summary.metrics.tbtMs, null);
    assert.deepEqual(summary.scripts, {
      count: 2,
      transferBytes: 2000,
      resourceBytes: 5200,
      urls: ['http://127.0.0.1:1/a.js', 'http://127.0.0.1:1/b.js'],
    });
    assert.deepEqual(summary.failing, []);
  });

  it('lists the failing audits of a category under 90, weightiest first, and no notes or passes', () => {
    const summary = summarizeRun(
      lhr(
        { performance: 1, accessibility: 0.82 },
        {
          'color-contrast': audit(0, 'Background and foreground colors do not have a sufficient contrast ratio.'),
          'image-alt': audit(0, 'Image elements do not have [alt] attributes'),
          label: audit(1, 'Form elements have associated labels'),
        },
      ),
    );
    assert.deepEqual(
      summary.failing.map((failing) => [failing.category, failing.id]),
      [
        ['accessibility', 'image-alt'],
        ['accessibility', 'color-contrast'],
      ],
    );
  });

  it('refuses a run Lighthouse could not complete', () => {
    const broken = {
      ...lhr({ performance: 0, accessibility: 0 }),
      runtimeError: { code: 'NO_FCP', message: 'The page did not paint' },
    };
    assert.throws(() => summarizeRun(broken), /NO_FCP/);
  });
});

describe('medianRun', () => {
  it('answers the whole run with the middle performance score', () => {
    const runs = [run(70, 1), run(95, 2), run(88, 3)];
    assert.equal(medianRun(runs), runs[2]);
    assert.equal(medianRun([run(50), run(60)]).scores.performance, 50);
    assert.throws(() => medianRun([]), RangeError);
  });
});

describe('searchTermOf', () => {
  it('takes the last real word of a title, not a numeral', () => {
    assert.equal(searchTermOf('PeakForm Pro Car-Camping Sleeping Bag II'), 'sleeping');
    assert.equal(searchTermOf('Oak Desk'), 'desk');
    assert.equal(searchTermOf('X1 Z2'), 'x1');
  });
});

describe('targetLines', () => {
  const report = (performance: number, accessibility: number, scriptBytes: number, p50Ms: number): LighthouseReport => {
    const median = run(performance, accessibility);
    return {
      scenario: 'lighthouse',
      startedAt: '',
      finishedAt: '',
      machine: {
        cores: 2,
        cpuModel: 'cpu',
        memoryGiB: 8,
        platform: 'linux-x64',
        nodeVersion: 'v24',
        loadAverage1mAtStart: 1,
        loadAverage1mAtEnd: 2,
      },
      settings: {
        products: 1000,
        runs: 1,
        requests: 200,
        lighthouseVersion: '13.5.0',
        chromium: 'Chromium',
        formFactor: 'mobile',
        throttling: 'simulate',
      },
      server: { startupMs: 1 },
      pages: [
        {
          name: 'home',
          path: '/',
          median: { ...median, scripts: { ...median.scripts, transferBytes: scriptBytes } },
          performanceScores: [performance],
        },
      ],
      productResponse: { path: '/p/x', count: 200, p50Ms, p99Ms: 9, maxMs: 10, meanMs: 4 },
      productResponseCold: { pages: 200, count: 200, p50Ms: 30, p99Ms: 90, maxMs: 100, meanMs: 40 },
    };
  };

  it('passes at 90 and over, under 50 KB and under 20 ms, and misses otherwise', () => {
    assert.ok(targetLines(report(90, 100, 50 * 1024 - 1, 19.9)).every((line) => line.pass));
    const misses = targetLines(report(89, 80, 50 * 1024, 20)).filter((line) => !line.pass);
    assert.equal(misses.length, 4);
    const text = renderLighthouseReport(report(89, 100, 2000, 3));
    assert.match(text, /MISS home performance: 89/);
    assert.match(text, /PASS home accessibility: 100/);
    assert.match(text, /load average 1 at start, 2 at end/);
  });
});
