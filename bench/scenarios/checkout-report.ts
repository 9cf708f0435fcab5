import type { TxBaseline } from '../baseline.ts';
import type { Tally } from '../client.ts';
import type { MachineFacts } from '../report.ts';
import { renderTable } from '../report.ts';
import type { ServerCost } from '../server-stats.ts';
import type { FlowFigures } from './checkout-flow.ts';
import type { SequenceProfile } from './checkout-profile.ts';

/**
 * The checkout scenario's figures, verdicts and printed report. Pure; tested in
 * checkout-report.test.ts.
 */

/** Issue 4's target: placed orders per second and the checkout request's p99, at a number of buyers. */
export type CheckoutTarget = {
  readonly buyers: number;
  readonly placedPerSecondMin: number;
  readonly p99MaxMs: number;
};

export const checkoutTarget: CheckoutTarget = { buyers: 32, placedPerSecondMin: 500, p99MaxMs: 150 };

export type Verdict = { readonly pass: boolean; readonly misses: readonly string[] };

export type CheckoutLevel = FlowFigures & {
  readonly buyers: number;
  readonly elapsedS: number;
  readonly placedPerSecond: number;
  readonly server: ServerCost;
  /** The bare /healthz route's latency during the load, probed twice a second: the server's event-loop delay. */
  readonly healthz: { readonly p50Ms: number; readonly maxMs: number };
  readonly clientCpuPercent: number;
  /** The bare transaction's rate at the same concurrency. */
  readonly baselineTxPerSecond: number;
  /** placedPerSecond over baselineTxPerSecond. */
  readonly ratio: number;
  readonly target: CheckoutTarget | null;
  readonly verdict: Verdict | null;
};

export type CheckoutConsistency = {
  readonly placedOrders: number;
  readonly pendingLeft: number;
  /** Units reserved on the sampled SKUs since before the load. */
  readonly unitsReserved: number;
  readonly problems: readonly string[];
};

export type CheckoutReport = {
  readonly scenario: 'checkout';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineFacts;
  readonly loadAverage1mAtEnd: number;
  readonly settings: {
    readonly products: number;
    readonly durationS: number;
    readonly warmupS: number;
    readonly buyers: readonly number[];
    readonly checkoutsMaxPerLevel: number;
    readonly variants: number;
    readonly unitsAddedPerVariant: number;
  };
  readonly server: { readonly startupMs: number };
  readonly profile: SequenceProfile;
  readonly baseline: TxBaseline;
  readonly levels: readonly CheckoutLevel[];
  readonly consistency: CheckoutConsistency;
};

export function ratioTo(rate: number, baselineRate: number): number {
  return baselineRate > 0 ? Math.round((rate / baselineRate) * 1000) / 1000 : 0;
}

export function checkoutVerdict(level: FlowFigures & { placedPerSecond: number }, target: CheckoutTarget): Verdict {
  const misses: string[] = [];
  if (level.placedPerSecond < target.placedPerSecondMin) {
    misses.push(`${level.placedPerSecond} placed orders/s < ${target.placedPerSecondMin}`);
  }
  if (level.checkoutLatency.count === 0) misses.push('no checkout answered');
  else if (level.checkoutLatency.p99Ms >= target.p99MaxMs)
    misses.push(`checkout p99 ${level.checkoutLatency.p99Ms} ms >= ${target.p99MaxMs} ms`);
  if (level.errors > 0) misses.push(`${level.errors} requests without an answer`);
  if (level.non2xx > 0) misses.push(`${level.non2xx} non-2xx answers`);
  return { pass: misses.length === 0, misses };
}

/**
 * Units reserved must be two per placed order (every checkout buys one unit of two
 * variants), and the placed orders the server lists must be every checkout answered
 * 201, plus at most those answered 202 (a pending order ends placed or failed).
 */
export function checkoutProblems(
  consistency: Omit<CheckoutConsistency, 'problems'>,
  answered: { readonly placed: number; readonly pending: number },
): string[] {
  const problems: string[] = [];
  const { placedOrders } = consistency;
  if (consistency.pendingLeft > 0) problems.push(`${consistency.pendingLeft} orders still pending after the wait`);
  if (consistency.unitsReserved !== 2 * placedOrders) {
    problems.push(`${consistency.unitsReserved} units reserved for ${placedOrders} placed orders of 2 units`);
  }
  if (placedOrders < answered.placed) {
    problems.push(`${answered.placed} checkouts answered 201 but the server lists ${placedOrders} placed orders`);
  }
  if (placedOrders > answered.placed + answered.pending) {
    problems.push(
      `the server lists ${placedOrders} placed orders for ${answered.placed} answers 201 and ${answered.pending} answers 202`,
    );
  }
  return problems;
}

function tallyText(tally: Tally): string {
  return Object.entries(tally)
    .sort(([, a], [, b]) => b - a)
    .map(([key, count]) => `${key} ×${count}`)
    .join(', ');
}

function levelRow(level: CheckoutLevel): string[] {
  const verdict = level.verdict === null ? '' : level.verdict.pass ? 'PASS' : 'MISS';
  const target = level.target === null ? '' : `>=${level.target.placedPerSecondMin}/s, p99<${level.target.p99MaxMs}ms`;
  return [
    String(level.buyers),
    level.placedPerSecond.toLocaleString('en-US'),
    String(level.placed),
    String(level.pending),
    level.sequenceLatency.p50Ms.toFixed(1),
    level.sequenceLatency.p99Ms.toFixed(1),
    level.checkoutLatency.p50Ms.toFixed(1),
    level.checkoutLatency.p99Ms.toFixed(1),
    String(level.errors),
    String(level.non2xx),
    level.ratio.toFixed(3),
    target,
    verdict,
  ];
}

function costRow(level: CheckoutLevel): string[] {
  const { server } = level;
  return [
    String(level.buyers),
    server.cpuPercent === null ? 'n/a' : server.cpuPercent.toFixed(0),
    level.clientCpuPercent.toFixed(0),
    server.dbQueriesPerFlow.toFixed(1),
    server.dbMsPerFlow.toFixed(2),
    server.dbBusyPercent.toFixed(0),
    `${level.healthz.p50Ms.toFixed(1)} / ${level.healthz.maxMs.toFixed(1)}`,
  ];
}

export function baselineLine(baseline: TxBaseline): string {
  const levels = baseline.levels.map(
    (level) => `${level.txPerSecond.toLocaleString('en-US')} tx/s at ${level.concurrency}`,
  );
  return `baseline (one conditional stock update + one insert per transaction, same PGlite database, server stopped, ${baseline.rows} stock row(s)): ${levels.join('; ')}`;
}

export function profileLines(profile: SequenceProfile): string[] {
  const steps = profile.steps.map((step) => `${step.step}: ${step.meanMs.toFixed(1)} ms, ${step.queries} queries`);
  const cpu = profile.idleCpuPercent === null ? '' : `, ${profile.idleCpuPercent}% CPU`;
  const after = `then ${profile.afterAnswer.queries} queries within ${profile.afterAnswer.afterMs} ms of the checkout's answer (its events), beyond the idle rate`;
  return [
    `one buyer on a quiet server (${profile.steps[0]?.requests ?? 0} checkouts), per request: ${steps.join('; ')}; ${after}`,
    `idle server: ${profile.idleQueriesPerSecond} queries/s${cpu} (background work: outbox relays, pollers)`,
  ];
}

export function renderCheckoutReport(report: CheckoutReport): string {
  const { machine, settings, consistency } = report;
  const header = [
    'buyers',
    'orders/s',
    'placed',
    '202',
    'seq p50',
    'seq p99',
    'chk p50',
    'chk p99',
    'errors',
    'non-2xx',
    'x baseline',
    'target',
    'verdict',
  ];
  const costHeader = [
    'buyers',
    'server CPU %',
    'bench CPU %',
    'queries/checkout',
    'db ms/checkout',
    'db busy %',
    '/healthz p50 / max ms',
  ];
  const refusals = report.levels.filter((level) => Object.keys(level.refusals).length > 0);
  return [
    'Mercato bench: checkout',
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.nodeVersion}, load average ${machine.loadAverage1mAtStart} at start, ${report.loadAverage1mAtEnd} at end`,
    `run: ${settings.products.toLocaleString('en-US')} products, ${settings.durationS} s per level after ${settings.warmupS} s warm-up, at most ${settings.checkoutsMaxPerLevel.toLocaleString('en-US')} checkouts per level; ${settings.variants} variants of as many products, +${settings.unitsAddedPerVariant} units each`,
    'sequence: POST /api/carts, POST /api/carts/{id}/items twice, POST /api/checkout (guest, tok_visa, fresh Idempotency-Key); latencies in ms',
    baselineLine(report.baseline),
    '',
    renderTable(header, report.levels.map(levelRow)),
    '',
    "where the server's time goes (per completed sequence; db time includes waits for PGlite's single connection):",
    renderTable(costHeader, report.levels.map(costRow)),
    ...profileLines(report.profile),
    '',
    `stock: ${consistency.placedOrders} placed orders, ${consistency.unitsReserved} units reserved, ${consistency.pendingLeft} pending left: ${consistency.problems.length === 0 ? 'consistent' : `INCONSISTENT - ${consistency.problems.join('; ')}`}`,
    ...refusals.map((level) => `refusals at ${level.buyers} buyers: ${tallyText(level.refusals)}`),
    '',
    ...report.levels
      .filter((level) => level.verdict !== null)
      .map((level) => {
        const facts = `${level.placedPerSecond} placed orders/s, checkout p99 ${level.checkoutLatency.p99Ms} ms (target >= ${level.target?.placedPerSecondMin}/s, p99 < ${level.target?.p99MaxMs} ms)`;
        return `${level.verdict?.pass ? 'PASS' : 'MISS'} checkout at ${level.buyers} buyers: ${facts}${level.verdict?.pass ? '' : ` - ${level.verdict?.misses.join('; ')}`}`;
      }),
  ].join('\n');
}
