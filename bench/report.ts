import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { dirname } from 'node:path';
import type { RouteMeasurement } from './load.ts';

/**
 * Ratios, targets and the printed and JSON reports. Everything here but
 * `machineFacts` and `writeReport` is pure, and tested in report.test.ts.
 */

/** A performance target: a share of the bare route's throughput and a p99 ceiling, at a catalog size. */
export type TargetSpec = {
  readonly ratioMin: number;
  readonly p99MaxMs: number;
  /** The catalog size the target is set for; at another size the verdict is only indicative. */
  readonly products: number;
};

export type Verdict = {
  readonly pass: boolean;
  /** false when the run's catalog differs from the one the target is set for. */
  readonly applies: boolean;
  readonly misses: readonly string[];
};

export type RouteRow = RouteMeasurement & {
  readonly name: string;
  readonly label: string;
  /** The request paths the route rotated through, so a run can be repeated by hand. */
  readonly paths: readonly string[];
  /** requestsPerSecond over the baseline's (the mean of its first and last measurement). */
  readonly ratio: number;
  readonly target: TargetSpec | null;
  readonly verdict: Verdict | null;
};

export type Baseline = {
  readonly requestsPerSecond: number;
  /** How much the last baseline differs from the first, in percent of the first. */
  readonly driftPercent: number;
};

export type MachineFacts = {
  readonly cores: number;
  readonly cpuModel: string;
  readonly memoryGiB: number;
  readonly platform: string;
  readonly nodeVersion: string;
  readonly loadAverage1mAtStart: number;
};

export type Report = {
  readonly scenario: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineFacts;
  readonly settings: {
    readonly products: number;
    readonly durationS: number;
    readonly warmupS: number;
    readonly connections: number;
  };
  readonly server: { readonly startupMs: number; readonly seeded: boolean; readonly cachedData: boolean };
  readonly baseline: Baseline;
  readonly routes: readonly RouteRow[];
};

export function baselineOf(first: RouteMeasurement, last: RouteMeasurement): Baseline {
  const requestsPerSecond = (first.requestsPerSecond + last.requestsPerSecond) / 2;
  const driftPercent =
    first.requestsPerSecond > 0
      ? ((last.requestsPerSecond - first.requestsPerSecond) / first.requestsPerSecond) * 100
      : 0;
  return { requestsPerSecond: Math.round(requestsPerSecond), driftPercent: Math.round(driftPercent * 10) / 10 };
}

export function ratioOf(requestsPerSecond: number, baseline: Baseline): number {
  if (baseline.requestsPerSecond <= 0) return 0;
  return Math.round((requestsPerSecond / baseline.requestsPerSecond) * 1000) / 1000;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 100)}%`;
}

export function evaluateTarget(
  measurement: RouteMeasurement,
  ratio: number,
  target: TargetSpec,
  products: number,
): Verdict {
  const misses: string[] = [];
  if (ratio < target.ratioMin) misses.push(`throughput ${percent(ratio)} of baseline < ${percent(target.ratioMin)}`);
  if (measurement.p99Ms >= target.p99MaxMs) misses.push(`p99 ${measurement.p99Ms} ms >= ${target.p99MaxMs} ms`);
  if (measurement.errors > 0) misses.push(`${measurement.errors} connection errors`);
  if (measurement.non2xx > 0) misses.push(`${measurement.non2xx} non-2xx answers`);
  if (measurement.requests === 0) misses.push('no request completed');
  return { pass: misses.length === 0, applies: products === target.products, misses };
}

export function describeTarget(target: TargetSpec): string {
  return `>=${percent(target.ratioMin)}, p99<${target.p99MaxMs}ms @${target.products.toLocaleString('en-US')}`;
}

/** Left-aligns the first column, right-aligns the others. */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) =>
    row
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function tableRow(row: RouteRow): string[] {
  const verdict = row.verdict === null ? '' : `${row.verdict.pass ? 'PASS' : 'MISS'}${row.verdict.applies ? '' : '*'}`;
  return [
    row.label,
    row.requestsPerSecond.toLocaleString('en-US'),
    row.p50Ms.toFixed(2),
    row.p99Ms.toFixed(2),
    String(row.errors),
    String(row.non2xx),
    row.ratio.toFixed(2),
    row.target === null ? '' : describeTarget(row.target),
    verdict,
  ];
}

/** One PASS/MISS line per route that has a target. */
export function verdictLines(report: Report): string[] {
  const lines: string[] = [];
  for (const row of report.routes) {
    if (row.target === null || row.verdict === null) continue;
    const { target, verdict } = row;
    const facts = `${percent(row.ratio)} of baseline (target >=${percent(target.ratioMin)}), p99 ${row.p99Ms} ms (target <${target.p99MaxMs} ms)`;
    const misses = verdict.pass ? '' : ` - ${verdict.misses.join('; ')}`;
    const scope = verdict.applies
      ? ''
      : ` [indicative: the target is set at ${target.products.toLocaleString('en-US')} products, this run has ${report.settings.products.toLocaleString('en-US')}]`;
    lines.push(`${verdict.pass ? 'PASS' : 'MISS'} ${row.label}: ${facts}${misses}${scope}`);
  }
  return lines;
}

export function renderReport(report: Report): string {
  const { machine, settings } = report;
  const header = ['route', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'x baseline', 'target', 'verdict'];
  return [
    `Mercato bench: ${report.scenario}`,
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, ${machine.platform}, node ${machine.nodeVersion}, load average ${machine.loadAverage1mAtStart} at start`,
    `run: ${settings.products.toLocaleString('en-US')} products, ${settings.durationS} s per route after ${settings.warmupS} s warm-up, ${settings.connections} connections`,
    `baseline (GET /healthz): ${report.baseline.requestsPerSecond.toLocaleString('en-US')} req/s, mean of first and last; drift ${report.baseline.driftPercent}%`,
    '',
    renderTable(header, report.routes.map(tableRow)),
    ...(report.routes.some((row) => row.verdict?.applies === false)
      ? ["* indicative only: the target is set for another catalog size than this run's"]
      : []),
    '',
    ...verdictLines(report),
  ].join('\n');
}

export function machineFacts(): MachineFacts {
  const cpu = cpus()[0];
  return {
    cores: availableParallelism(),
    cpuModel: cpu?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    platform: `${process.platform}-${process.arch}`,
    nodeVersion: process.version,
    loadAverage1mAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}

/** Writes any scenario's report as JSON. */
export async function writeReport(path: string, report: object): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
