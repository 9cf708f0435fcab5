import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { measureTxBaseline, type TxBaseline, baselineAt } from '../baseline.ts';
import type { BenchOptions } from '../options.ts';
import { runPool } from '../pool.ts';
import { machineFacts, writeReport } from '../report.ts';
import { costBetween, probeHealth, snapshotServer } from '../server-stats.ts';
import { type ServerHandle, startServer } from '../server.ts';
import { buyOnce, type FlowPlan, flowFigures, flowRecorder } from './checkout-flow.ts';
import { profileSequence, profileWarmups } from './checkout-profile.ts';
import { type SampledVariant, unitsPerVariant } from './checkout-plan.ts';
import {
  type CheckoutConsistency,
  type CheckoutLevel,
  type CheckoutReport,
  checkoutProblems,
  checkoutTarget,
  checkoutVerdict,
  ratioTo,
  renderCheckoutReport,
} from './checkout-report.ts';
import {
  adjustStock,
  benchStaff,
  countOrders,
  readLevel,
  sampleVariants,
  settlePending,
  staffEnv,
  staffToken,
} from './shop.ts';

/**
 * `npm run bench -- checkout`: guest checkouts (cart, two items, check out) by 8, 32
 * and 64 concurrent buyers, each a loop bounded by time and count; then the bare
 * database transaction on the same database as the baseline. See bench/README.md.
 */

type LevelRun = Omit<CheckoutLevel, 'baselineTxPerSecond' | 'ratio' | 'target' | 'verdict'>;

const defaultBuyers = [8, 32, 64];
const productsSampledMax = 200;
const pendingWaitMs = 30_000;
const baselineSecondsMax = 5;
const baselineRows = 1000;
const profiledSequences = 20;

function levelPhases(buyers: readonly number[], warmupS: number): number {
  return buyers.length * (warmupS > 0 ? 2 : 1);
}

async function prepareStock(
  server: ServerHandle,
  token: string,
  options: BenchOptions,
  buyers: readonly number[],
  log: (line: string) => void,
) {
  log(`sampling in-stock variants of up to ${productsSampledMax} products`);
  const variants = await sampleVariants(server.baseUrl, Math.min(productsSampledMax, options.products));
  if (variants.length < 2) throw new Error(`the catalog has ${variants.length} in-stock variants; a checkout needs 2`);
  const checkouts = options.checkoutsMax * levelPhases(buyers, options.warmupS) + profiledSequences + profileWarmups;
  const units = unitsPerVariant(checkouts, variants.length);
  log(`adding ${units} units to each of ${variants.length} variants, so the load cannot sell out`);
  const before = new Map<string, number>();
  for (const variant of variants) {
    const level = await adjustStock(server.baseUrl, token, variant.sku, units, 'bench: stock for the checkout load');
    before.set(variant.sku, level.reserved);
  }
  return { variants, units, reservedBefore: before };
}

/** 201 and 202 answers of every phase, warm-ups included: the orders the server must hold. */
type Answered = { placed: number; pending: number };

async function runLevel(
  server: ServerHandle,
  plan: FlowPlan,
  buyers: number,
  options: BenchOptions,
  counters: { next: () => number; answered: Answered },
): Promise<LevelRun> {
  const iteration = (recorder: ReturnType<typeof flowRecorder>) => () => buyOnce(plan, recorder, counters.next());
  const count = (recorder: ReturnType<typeof flowRecorder>) => {
    counters.answered.placed += recorder.answers.checkout['201'] ?? 0;
    counters.answered.pending += recorder.answers.checkout['202'] ?? 0;
  };
  if (options.warmupS > 0) {
    const warmup = flowRecorder();
    await runPool({
      workers: buyers,
      durationMs: options.warmupS * 1000,
      iterationsMax: options.checkoutsMax,
      iteration: iteration(warmup),
    });
    count(warmup);
  }
  const recorder = flowRecorder();
  const before = await snapshotServer(server.baseUrl, server.pid);
  const clientBefore = process.cpuUsage();
  const health = probeHealth(server.baseUrl);
  const run = await runPool({
    workers: buyers,
    durationMs: options.durationS * 1000,
    iterationsMax: options.checkoutsMax,
    iteration: iteration(recorder),
  });
  const clientCpu = process.cpuUsage(clientBefore);
  const healthz = await health.stop();
  const after = await snapshotServer(server.baseUrl, server.pid);
  count(recorder);
  const figures = flowFigures(recorder);
  const elapsedS = run.elapsedMs / 1000;
  return {
    ...figures,
    buyers,
    elapsedS: Math.round(elapsedS * 100) / 100,
    placedPerSecond: elapsedS > 0 ? Math.round(figures.placed / elapsedS) : 0,
    server: costBetween(before, after, figures.sequences),
    healthz: { p50Ms: healthz.p50Ms, maxMs: healthz.maxMs },
    clientCpuPercent: Math.round(((clientCpu.user + clientCpu.system) / 1000 / run.elapsedMs) * 100),
  };
}

async function readConsistency(
  server: ServerHandle,
  token: string,
  variants: readonly SampledVariant[],
  reservedBefore: ReadonlyMap<string, number>,
  answered: Answered,
): Promise<CheckoutConsistency> {
  const pendingLeft = await settlePending(server.baseUrl, token, pendingWaitMs);
  const placedOrders = await countOrders(server.baseUrl, token, 'placed');
  let unitsReserved = 0;
  for (const variant of variants) {
    const level = await readLevel(server.baseUrl, token, variant.sku);
    unitsReserved += level.reserved - (reservedBefore.get(variant.sku) ?? 0);
  }
  const facts = { placedOrders, pendingLeft, unitsReserved };
  return { ...facts, problems: checkoutProblems(facts, answered) };
}

function withBaseline(level: LevelRun, baseline: TxBaseline): CheckoutLevel {
  const baselineTxPerSecond = baselineAt(baseline, level.buyers)?.txPerSecond ?? 0;
  const target = level.buyers === checkoutTarget.buyers ? checkoutTarget : null;
  return {
    ...level,
    baselineTxPerSecond,
    ratio: ratioTo(level.placedPerSecond, baselineTxPerSecond),
    target,
    verdict: target === null ? null : checkoutVerdict(level, target),
  };
}

export async function runCheckout(options: BenchOptions, log: (line: string) => void): Promise<CheckoutReport> {
  const buyers = options.buyers ?? defaultBuyers;
  const machine = machineFacts();
  const startedAt = new Date().toISOString();
  const staff = benchStaff();
  const server = await startServer({ products: options.products, log, env: staffEnv(staff), temporaryData: true });
  try {
    const token = await staffToken(server.baseUrl, staff);
    const stock = await prepareStock(server, token, options, buyers, log);
    const plan: FlowPlan = { baseUrl: server.baseUrl, variants: stock.variants, runId: randomBytes(6).toString('hex') };
    let sequence = 0;
    const counters = { next: () => sequence++, answered: { placed: 0, pending: 0 } };
    log(`profiling ${profiledSequences} checkouts on the quiet server, one at a time`);
    const profile = await profileSequence(plan, server.pid, profiledSequences, counters.next);
    counters.answered.placed += profile.placed;
    const levels: LevelRun[] = [];
    for (const level of buyers) {
      log(`${level} buyers: ${options.warmupS} s warm-up, then ${options.durationS} s measured`);
      levels.push(await runLevel(server, plan, level, options, counters));
      const last = levels.at(-1)!;
      log(`${level} buyers: ${last.placedPerSecond} placed orders/s, checkout p99 ${last.checkoutLatency.p99Ms} ms`);
    }
    log('reading the stock back');
    const consistency = await readConsistency(server, token, stock.variants, stock.reservedBefore, counters.answered);
    await server.stop({ keepData: true });
    const baseline = await measureTxBaseline({
      dataDir: server.dataDir,
      rows: baselineRows,
      concurrency: buyers,
      seconds: Math.min(options.durationS, baselineSecondsMax),
      transactionsMax: options.checkoutsMax,
      log,
    });
    const report: CheckoutReport = {
      scenario: 'checkout',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      settings: {
        products: options.products,
        durationS: options.durationS,
        warmupS: options.warmupS,
        buyers,
        checkoutsMaxPerLevel: options.checkoutsMax,
        variants: stock.variants.length,
        unitsAddedPerVariant: stock.units,
      },
      server: { startupMs: server.startupMs },
      profile,
      baseline,
      levels: levels.map((level) => withBaseline(level, baseline)),
      consistency,
    };
    process.stdout.write(`\n${renderCheckoutReport(report)}\n`);
    await writeReport(options.outPath, report);
    log(`wrote ${options.outPath}`);
    return report;
  } finally {
    await server.removeData();
  }
}
