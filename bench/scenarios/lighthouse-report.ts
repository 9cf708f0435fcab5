import { renderTable } from '../report.ts';
import type { MachineFacts } from '../report.ts';
import type { LatencySummary } from '../stats.ts';

/**
 * The pure part of the lighthouse scenario: what is kept of a Lighthouse result (scores,
 * the audits that hold a category under its target, the JavaScript the page loaded),
 * the median of several runs, the verdicts and the printed report. Tested in
 * lighthouse-report.test.ts.
 */

/** The slice of Lighthouse's result (LH.Result) this scenario reads. */
export type LhrLike = {
  readonly lighthouseVersion: string;
  readonly finalDisplayedUrl: string;
  readonly runtimeError?: { readonly code: string; readonly message: string } | undefined;
  readonly runWarnings: readonly string[];
  readonly environment: { readonly benchmarkIndex: number };
  readonly categories: Readonly<
    Record<
      string,
      { readonly score: number | null; readonly auditRefs: readonly { readonly id: string; readonly weight: number }[] }
    >
  >;
  readonly audits: Readonly<
    Record<
      string,
      {
        readonly score: number | null;
        readonly scoreDisplayMode: string;
        readonly title: string;
        readonly displayValue?: string | undefined;
        readonly numericValue?: number | undefined;
        readonly details?: unknown;
      }
    >
  >;
};

export const categoryIds = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
export type CategoryId = (typeof categoryIds)[number];
/** The categories with a target (issue 6): both at least 90 on the mobile profile. */
export const targetCategories: readonly CategoryId[] = ['performance', 'accessibility'];
export const scoreMin = 90;
export const scriptBytesMax = 50 * 1024;
export const productResponseP50MaxMs = 20;

const metricIds = {
  fcpMs: 'first-contentful-paint',
  lcpMs: 'largest-contentful-paint',
  tbtMs: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  speedIndexMs: 'speed-index',
} as const;
/** Audit modes that are a pass or a failure (the others are notes, manual checks or not applicable). */
const scoredModes = new Set(['binary', 'numeric', 'metricSavings']);

export type FailingAudit = {
  readonly category: CategoryId;
  readonly id: string;
  readonly title: string;
  readonly score: number;
  readonly displayValue: string;
};

export type RunSummary = {
  /** 0–100 per category; null when Lighthouse could not score it. */
  readonly scores: Readonly<Record<CategoryId, number | null>>;
  readonly metrics: Readonly<Record<keyof typeof metricIds, number | null>>;
  /** Audits under 0.9 in each category scored under 90. */
  readonly failing: readonly FailingAudit[];
  /** Scripts the browser fetched on first load, from Lighthouse's network records. */
  readonly scripts: {
    readonly count: number;
    readonly transferBytes: number;
    readonly resourceBytes: number;
    readonly urls: readonly string[];
  };
  readonly benchmarkIndex: number;
  readonly warnings: readonly string[];
};

type NetworkItem = { url?: unknown; resourceType?: unknown; transferSize?: unknown; resourceSize?: unknown };

function networkItems(details: unknown): NetworkItem[] {
  if (typeof details !== 'object' || details === null || !('items' in details)) return [];
  const items = (details as { items: unknown }).items;
  return Array.isArray(items) ? (items as NetworkItem[]) : [];
}

function bytes(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : 0;
}

export function scriptsOf(lhr: LhrLike): RunSummary['scripts'] {
  const scripts = networkItems(lhr.audits['network-requests']?.details).filter(
    (item) => item.resourceType === 'Script',
  );
  return {
    count: scripts.length,
    transferBytes: scripts.reduce((sum, item) => sum + bytes(item.transferSize), 0),
    resourceBytes: scripts.reduce((sum, item) => sum + bytes(item.resourceSize), 0),
    urls: scripts.map((item) => String(item.url)),
  };
}

function failingAudits(lhr: LhrLike, category: CategoryId): FailingAudit[] {
  const failing: FailingAudit[] = [];
  for (const ref of lhr.categories[category]?.auditRefs ?? []) {
    const audit = lhr.audits[ref.id];
    if (audit === undefined || audit.score === null || !scoredModes.has(audit.scoreDisplayMode) || audit.score >= 0.9)
      continue;
    failing.push({
      category,
      id: ref.id,
      title: audit.title,
      score: audit.score,
      displayValue: audit.displayValue ?? '',
    });
  }
  // The weighted ones first: they are what moves the score.
  const weight = (id: string) => lhr.categories[category]?.auditRefs.find((ref) => ref.id === id)?.weight ?? 0;
  return failing.sort((a, b) => weight(b.id) - weight(a.id) || a.score - b.score);
}

export function summarizeRun(lhr: LhrLike): RunSummary {
  if (lhr.runtimeError !== undefined) {
    throw new Error(
      `Lighthouse could not audit ${lhr.finalDisplayedUrl}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`,
    );
  }
  const scores = {} as Record<CategoryId, number | null>;
  const failing: FailingAudit[] = [];
  for (const id of categoryIds) {
    const score = lhr.categories[id]?.score;
    scores[id] = typeof score === 'number' ? Math.round(score * 100) : null;
    if (scores[id] !== null && scores[id] < scoreMin) failing.push(...failingAudits(lhr, id));
  }
  const metrics = {} as Record<keyof typeof metricIds, number | null>;
  for (const [name, id] of Object.entries(metricIds) as [keyof typeof metricIds, string][]) {
    const value = lhr.audits[id]?.numericValue;
    metrics[name] = typeof value === 'number' ? Math.round(value * 1000) / 1000 : null;
  }
  return {
    scores,
    metrics,
    failing,
    scripts: scriptsOf(lhr),
    benchmarkIndex: lhr.environment.benchmarkIndex,
    warnings: [...lhr.runWarnings],
  };
}

/**
 * The run with the median performance score (the lower middle for an even count), as
 * Lighthouse's own docs advise for noisy machines: one whole run, not a mix of runs.
 */
export function medianRun(runs: readonly RunSummary[]): RunSummary {
  if (runs.length === 0) throw new RangeError('no runs to take the median of');
  const sorted = [...runs].sort((a, b) => (a.scores.performance ?? -1) - (b.scores.performance ?? -1));
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
}

/** A word of a real title, so the search page has results (a noun, not a numeral). */
export function searchTermOf(title: string): string {
  const words = title.split(/\s+/).filter((word) => /^[A-Za-z]{4,}$/.test(word));
  return (words.at(-1) ?? title.split(/\s+/)[0] ?? 'a').toLowerCase();
}

export type PageResult = {
  readonly name: string;
  readonly path: string;
  /** The median run, and every run's performance score to show the spread. */
  readonly median: RunSummary;
  readonly performanceScores: readonly (number | null)[];
};

export type LighthouseReport = {
  readonly scenario: 'lighthouse';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineFacts & { readonly loadAverage1mAtEnd: number };
  readonly settings: {
    readonly products: number;
    readonly runs: number;
    readonly requests: number;
    readonly lighthouseVersion: string;
    readonly chromium: string;
    readonly formFactor: 'mobile';
    readonly throttling: 'simulate';
  };
  readonly server: { readonly startupMs: number };
  readonly pages: readonly PageResult[];
  /** One product page asked for again and again: what the target is about (the read cache is warm). */
  readonly productResponse: LatencySummary & { readonly path: string };
  /** Distinct product pages, each asked for once: every one a cold read (no target; for context). */
  readonly productResponseCold: LatencySummary & { readonly pages: number };
};

export type TargetLine = { readonly pass: boolean; readonly text: string };

function scoreVerdict(score: number | null): string {
  return score !== null && score >= scoreMin ? 'PASS' : 'MISS';
}

export function targetLines(report: LighthouseReport): TargetLine[] {
  const lines: TargetLine[] = [];
  for (const page of report.pages) {
    for (const category of targetCategories) {
      const score = page.median.scores[category];
      const pass = score !== null && score >= scoreMin;
      lines.push({ pass, text: `${page.name} ${category}: ${score ?? 'no score'} (target >=${scoreMin})` });
    }
    const { transferBytes } = page.median.scripts;
    lines.push({
      pass: transferBytes < scriptBytesMax,
      text: `${page.name} JavaScript on first load: ${kib(transferBytes)} compressed (target <${kib(scriptBytesMax)})`,
    });
  }
  const { p50Ms, path } = report.productResponse;
  lines.push({
    pass: p50Ms < productResponseP50MaxMs,
    text: `GET ${path} server response p50 ${p50Ms} ms (target <${productResponseP50MaxMs} ms)`,
  });
  return lines;
}

function kib(bytesCount: number): string {
  return `${(bytesCount / 1024).toFixed(1)} KB`;
}

function ms(value: number | null): string {
  return value === null ? '-' : String(Math.round(value));
}

function pageRow(page: PageResult): string[] {
  const { scores, metrics, scripts } = page.median;
  const score = (id: CategoryId) => String(scores[id] ?? '-');
  return [
    page.name,
    `${score('performance')} ${scoreVerdict(scores.performance)}`,
    `${score('accessibility')} ${scoreVerdict(scores.accessibility)}`,
    score('best-practices'),
    score('seo'),
    page.performanceScores.map((value) => value ?? '-').join('/'),
    ms(metrics.fcpMs),
    ms(metrics.lcpMs),
    ms(metrics.tbtMs),
    metrics.cls === null ? '-' : metrics.cls.toFixed(3),
    `${scripts.count} / ${kib(scripts.transferBytes)} ${scripts.transferBytes < scriptBytesMax ? 'PASS' : 'MISS'}`,
  ];
}

function failingLines(pages: readonly PageResult[]): string[] {
  const lines: string[] = [];
  for (const page of pages) {
    for (const audit of page.median.failing) {
      const value = audit.displayValue === '' ? '' : ` (${audit.displayValue})`;
      lines.push(
        `  ${page.name} / ${audit.category}: ${audit.title}${value} [${audit.id}, ${Math.round(audit.score * 100)}]`,
      );
    }
  }
  return lines.length === 0 ? [] : ['', 'audits holding a category under 90 (median run):', ...lines];
}

export function renderLighthouseReport(report: LighthouseReport): string {
  const { machine, settings, productResponse, productResponseCold: cold } = report;
  const header = [
    'page',
    'perf',
    'a11y',
    'best-pr.',
    'seo',
    'perf runs',
    'FCP ms',
    'LCP ms',
    'TBT ms',
    'CLS',
    'JS scripts / compressed',
  ];
  const warnings = report.pages.flatMap((page) => page.median.warnings.map((warning) => `  ${page.name}: ${warning}`));
  return [
    `Mercato bench: lighthouse`,
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.nodeVersion}, load average ${machine.loadAverage1mAtStart} at start, ${machine.loadAverage1mAtEnd} at end`,
    `run: Lighthouse ${settings.lighthouseVersion}, ${settings.chromium}, mobile profile, simulated throttling, median of ${settings.runs} run(s) per page; ${settings.products.toLocaleString('en-US')} products; CPU benchmark index ${report.pages.map((page) => Math.round(page.median.benchmarkIndex)).join('/')}`,
    '',
    renderTable(header, report.pages.map(pageRow)),
    ...failingLines(report.pages),
    ...(warnings.length === 0 ? [] : ['', 'Lighthouse warnings:', ...warnings]),
    '',
    `server response, GET ${productResponse.path}: ${productResponse.count} sequential requests, p50 ${productResponse.p50Ms} ms, p99 ${productResponse.p99Ms} ms, max ${productResponse.maxMs} ms`,
    `server response, ${cold.pages} distinct product pages once each (cold reads, no target): p50 ${cold.p50Ms} ms, p99 ${cold.p99Ms} ms, max ${cold.maxMs} ms`,
    '',
    ...targetLines(report).map((line) => `${line.pass ? 'PASS' : 'MISS'} ${line.text}`),
  ].join('\n');
}
