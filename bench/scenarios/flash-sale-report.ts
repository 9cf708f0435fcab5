import type { TxBaseline } from '../baseline.ts';
import type { Tally } from '../client.ts';
import type { MachineFacts } from '../report.ts';
import type { ServerCost } from '../server-stats.ts';
import type { LatencySummary } from '../stats.ts';
import { baselineLine, type Verdict } from './checkout-report.ts';
import type { StockLevel } from './shop.ts';

/**
 * The flash sale's timings, stock checks, verdict and printed report. Pure; tested in
 * flash-sale-report.test.ts.
 */

/** One checkout of the sale: when it was sent and answered (ms from any common origin) and how. */
export type SaleAnswer = { readonly startMs: number; readonly endMs: number; readonly status: number };

export type SaleTimings = {
  /** From the first request sent to the last answer: the time to sell out and turn the rest away. */
  readonly allAnsweredMs: number;
  /** From the first request sent to the last 201; 0 when none was placed. */
  readonly lastPlacedMs: number;
  readonly firstAnswerMs: number;
};

export type FlashSaleTarget = { readonly units: number; readonly buyers: number; readonly allAnsweredMsMax: number };

export const flashSaleTarget: FlashSaleTarget = { units: 100, buyers: 300, allAnsweredMsMax: 1000 };

export type StockFacts = {
  readonly units: number;
  readonly buyers: number;
  readonly before: StockLevel;
  readonly after: StockLevel;
  /** Placed orders the server lists that the sale made. */
  readonly placedOrders: number;
  /** Checkouts answered 201, plus 202s whose order ended placed. */
  readonly placedAnswers: number;
  /** Orders of the sale still pending after the wait. */
  readonly pendingLeft: number;
};

export type FlashSaleReport = {
  readonly scenario: 'flash-sale';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: MachineFacts;
  readonly loadAverage1mAtEnd: number;
  readonly settings: { readonly products: number; readonly units: number; readonly buyers: number };
  readonly startupMs: number;
  readonly sku: string;
  readonly timings: SaleTimings;
  readonly answers: Tally;
  /** 202 answers whose order the bench then saw end placed or failed. */
  readonly pendingOutcomes: Tally;
  readonly latency: LatencySummary;
  /** What the sale cost the server, per checkout (placed or refused), from before the first request to after the last answer. */
  readonly server: ServerCost;
  /** Placed orders per second until the last one: placed / lastPlacedMs. */
  readonly placedPerSecond: number;
  readonly stock: StockFacts;
  readonly problems: readonly string[];
  readonly baseline: TxBaseline;
  /** placedPerSecond over the bare transaction's rate on one hot row at the same concurrency. */
  readonly ratio: number;
  readonly target: FlashSaleTarget;
  readonly verdict: Verdict & { readonly applies: boolean };
};

export function saleTimings(answers: readonly SaleAnswer[]): SaleTimings {
  if (answers.length === 0) return { allAnsweredMs: 0, lastPlacedMs: 0, firstAnswerMs: 0 };
  const firstStartMs = Math.min(...answers.map((answer) => answer.startMs));
  const placedEnds = answers.filter((answer) => answer.status === 201).map((answer) => answer.endMs);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    allAnsweredMs: round(Math.max(...answers.map((answer) => answer.endMs)) - firstStartMs),
    lastPlacedMs: placedEnds.length === 0 ? 0 : round(Math.max(...placedEnds) - firstStartMs),
    firstAnswerMs: round(Math.min(...answers.map((answer) => answer.endMs)) - firstStartMs),
  };
}

/** Everything that is wrong with the stock after the sale; empty when it is consistent. */
export function flashSaleProblems(facts: StockFacts): string[] {
  const { before, after, placedOrders, units } = facts;
  const problems: string[] = [];
  if (after.onHand < 0 || after.reserved < 0 || after.available < 0) problems.push('negative stock');
  if (after.available !== after.onHand - after.reserved) problems.push('available is not onHand - reserved');
  if (placedOrders > units) problems.push(`oversold: ${placedOrders} placed orders for ${units} units`);
  if (after.reserved - before.reserved !== placedOrders) {
    problems.push(`reserved rose by ${after.reserved - before.reserved} for ${placedOrders} placed orders of one unit`);
  }
  if (after.available !== before.available - placedOrders) {
    problems.push(`available went from ${before.available} to ${after.available} for ${placedOrders} placed orders`);
  }
  if (after.onHand !== before.onHand)
    problems.push(`onHand changed from ${before.onHand} to ${after.onHand} during the sale`);
  if (facts.placedAnswers !== placedOrders) {
    problems.push(`the buyers were told ${facts.placedAnswers} orders were placed; the server lists ${placedOrders}`);
  }
  if (facts.pendingLeft > 0) problems.push(`${facts.pendingLeft} orders still pending after the wait`);
  else if (placedOrders < Math.min(units, facts.buyers)) {
    problems.push(
      `units left unsold while buyers were turned away: ${placedOrders} placed of ${units} units for ${facts.buyers} buyers`,
    );
  }
  return problems;
}

/** Answers that are neither an order (201, 202) nor the expected refusal once sold out. */
export function unexpectedAnswers(answers: Tally): number {
  return Object.entries(answers)
    .filter(([key]) => key !== '201' && key !== '202' && key !== '409 insufficient_stock')
    .reduce((sum, [, count]) => sum + count, 0);
}

export function flashSaleVerdict(
  facts: {
    readonly units: number;
    readonly buyers: number;
    readonly timings: SaleTimings;
    readonly answers: Tally;
    readonly problems: readonly string[];
  },
  target: FlashSaleTarget,
): Verdict & { readonly applies: boolean } {
  const misses: string[] = [];
  if (facts.timings.allAnsweredMs >= target.allAnsweredMsMax) {
    misses.push(`all answered after ${facts.timings.allAnsweredMs} ms >= ${target.allAnsweredMsMax} ms`);
  }
  const unexpected = unexpectedAnswers(facts.answers);
  if (unexpected > 0) misses.push(`${unexpected} answers other than 201, 202 or 409 insufficient_stock`);
  misses.push(...facts.problems);
  return { pass: misses.length === 0, applies: facts.units === target.units && facts.buyers === target.buyers, misses };
}

function tallyText(tally: Tally): string {
  const entries = Object.entries(tally).sort(([, a], [, b]) => b - a);
  return entries.length === 0 ? 'none' : entries.map(([key, count]) => `${key} ×${count}`).join(', ');
}

function levelText(level: StockLevel): string {
  return `onHand ${level.onHand}, reserved ${level.reserved}, available ${level.available}`;
}

export function renderFlashSaleReport(report: FlashSaleReport): string {
  const { machine, settings, timings, stock, verdict, target, latency } = report;
  const scope = verdict.applies ? '' : ` [indicative: the target is ${target.units} units for ${target.buyers} buyers]`;
  const verdictText = verdict.pass ? 'PASS' : 'MISS';
  return [
    'Mercato bench: flash-sale',
    `machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.nodeVersion}, load average ${machine.loadAverage1mAtStart} at start, ${report.loadAverage1mAtEnd} at end`,
    `sale: ${report.sku} set to ${settings.units} units; ${settings.buyers} guest buyers, each with a cart of 1 unit prepared beforehand, then every checkout sent at once (tok_visa)`,
    '',
    `time to sell out, first request to last answer: ${timings.allAnsweredMs} ms (last placed order answered at ${timings.lastPlacedMs} ms, first answer at ${timings.firstAnswerMs} ms)`,
    `answers: ${tallyText(report.answers)}${Object.keys(report.pendingOutcomes).length > 0 ? `; the 202s ended ${tallyText(report.pendingOutcomes)}` : ''}`,
    `checkout latency ms: p50 ${latency.p50Ms}, p99 ${latency.p99Ms}, max ${latency.maxMs}`,
    `server during the sale: ${report.server.cpuPercent ?? 'n/a'}% CPU, ${report.server.dbQueriesPerFlow} queries and ${report.server.dbMsPerFlow} ms of database time per checkout, database busy ${report.server.dbBusyPercent}% of the time`,
    `placed orders: ${stock.placedOrders} (server) for ${settings.units} units: ${report.placedPerSecond} orders/s until the last, ${report.ratio.toFixed(3)} x the bare transaction on one hot row at ${settings.buyers} concurrent`,
    `stock before: ${levelText(stock.before)}; after: ${levelText(stock.after)}: ${report.problems.length === 0 ? 'consistent' : `INCONSISTENT - ${report.problems.join('; ')}`}`,
    baselineLine(report.baseline),
    '',
    `${verdictText}${verdict.applies ? '' : '*'} flash sale: ${settings.units} units to ${settings.buyers} buyers in ${timings.allAnsweredMs} ms (target < ${target.allAnsweredMsMax} ms, consistent stock)${verdict.pass ? '' : ` - ${verdict.misses.join('; ')}`}${scope}`,
  ].join('\n');
}
