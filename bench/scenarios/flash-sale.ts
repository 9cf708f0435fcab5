import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { baselineAt, measureTxBaseline } from '../baseline.ts';
import { answerKey, countInto, expect, send, type Tally } from '../client.ts';
import type { BenchOptions } from '../options.ts';
import { UsageError } from '../options.ts';
import { runPool } from '../pool.ts';
import { machineFacts, writeReport } from '../report.ts';
import { costBetween, snapshotServer } from '../server-stats.ts';
import { startServer, type ServerHandle } from '../server.ts';
import { latencyRecorder } from '../stats.ts';
import { buyOnce, type FlowPlan, flowRecorder } from './checkout-flow.ts';
import { checkoutBody, idempotencyKey, type SampledVariant, unitsPerVariant } from './checkout-plan.ts';
import { ratioTo } from './checkout-report.ts';
import {
  type FlashSaleReport,
  flashSaleProblems,
  flashSaleTarget,
  flashSaleVerdict,
  renderFlashSaleReport,
  type SaleAnswer,
  saleTimings,
} from './flash-sale-report.ts';
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
 * `npm run bench -- flash-sale`: one SKU set to exactly `--units` units and `--buyers`
 * guests, each with a cart of one unit prepared before the start, all checking out at
 * once. Then the stock is read back through the admin API and checked.
 */

const defaultBuyers = 300;
const productsSampled = 24;
const warmupCheckouts = 20;
const preparationWorkers = 8;
const pendingWaitMs = 30_000;
const pollIntervalMs = 200;
const baselineSeconds = 5;

/** A few full checkouts of other SKUs first, so the sale does not meet a cold server. */
async function warmUp(
  server: ServerHandle,
  token: string,
  others: readonly SampledVariant[],
  runId: string,
): Promise<void> {
  for (const variant of others) {
    await adjustStock(
      server.baseUrl,
      token,
      variant.sku,
      unitsPerVariant(warmupCheckouts, others.length),
      'bench: warm-up stock',
    );
  }
  const plan: FlowPlan = { baseUrl: server.baseUrl, variants: others, runId: `${runId}-warmup` };
  const recorder = flowRecorder();
  await runPool({
    workers: 4,
    durationMs: 60_000,
    iterationsMax: warmupCheckouts,
    iteration: (_worker, index) => buyOnce(plan, recorder, index),
  });
  if ((recorder.answers.checkout['201'] ?? 0) + (recorder.answers.checkout['202'] ?? 0) !== warmupCheckouts) {
    throw new Error(`warm-up checkouts were refused: ${JSON.stringify(recorder.answers)}`);
  }
}

async function prepareCarts(baseUrl: string, variantId: string, buyers: number): Promise<string[]> {
  const carts: string[] = new Array(buyers);
  await runPool({
    workers: preparationWorkers,
    durationMs: 300_000,
    iterationsMax: buyers,
    iteration: async (_worker, index) => {
      const cart = await expect<{ id: string }>(baseUrl, { method: 'POST', path: '/api/carts', body: {} }, 201);
      await expect(
        baseUrl,
        { method: 'POST', path: `/api/carts/${cart.id}/items`, body: { variantId, quantity: 1 } },
        200,
      );
      carts[index] = cart.id;
    },
  });
  if (carts.some((cart) => cart === undefined)) throw new Error('not every cart could be prepared in time');
  return carts;
}

type Sold = {
  answers: SaleAnswer[];
  tally: Tally;
  pending: { id: string; token: string }[];
  latency: ReturnType<typeof latencyRecorder>;
};

/** Every checkout is sent before any answer is awaited: the start signal. */
async function sell(baseUrl: string, carts: readonly string[], runId: string): Promise<Sold> {
  const sold: Sold = { answers: [], tally: {}, pending: [], latency: latencyRecorder() };
  await Promise.all(
    carts.map(async (cartId, buyer) => {
      const startMs = performance.now();
      const headers = { 'idempotency-key': idempotencyKey(runId, buyer) };
      const answer = await send(baseUrl, {
        method: 'POST',
        path: '/api/checkout',
        headers,
        body: checkoutBody(cartId, buyer),
      });
      sold.answers.push({ startMs, endMs: performance.now(), status: answer.status });
      countInto(sold.tally, answerKey(answer));
      if (answer.status !== 0) sold.latency.record(answer.ms);
      if (answer.status === 202) {
        const order = (answer.body as { order: { id: string; accessToken?: string } }).order;
        sold.pending.push({ id: order.id, token: order.accessToken ?? '' });
      }
    }),
  );
  return sold;
}

/** Polls each 202's order (guest token) until it is no longer pending, within one deadline. */
async function settle(
  baseUrl: string,
  pending: readonly { id: string; token: string }[],
): Promise<{ outcomes: Tally; left: number }> {
  const outcomes: Tally = {};
  const deadline = performance.now() + pendingWaitMs;
  let left = [...pending];
  while (left.length > 0 && performance.now() < deadline) {
    const still: typeof left = [];
    for (const order of left) {
      const path = `/api/orders/${order.id}?token=${encodeURIComponent(order.token)}`;
      const body = await expect<{ status: string }>(baseUrl, { method: 'GET', path }, 200);
      if (body.status === 'pending') still.push(order);
      else countInto(outcomes, body.status);
    }
    left = still;
    if (left.length > 0) await new Promise((wake) => setTimeout(wake, pollIntervalMs));
  }
  return { outcomes, left: left.length };
}

/**
 * Before the sale: a warm server with nothing pending, the hot SKU at exactly `units`
 * available, and one prepared cart of one unit per buyer.
 */
async function prepareSale(
  server: ServerHandle,
  token: string,
  options: BenchOptions,
  buyers: number,
  runId: string,
  log: (line: string) => void,
) {
  const { units } = options;
  const variants = await sampleVariants(server.baseUrl, Math.min(productsSampled, options.products));
  const [hot, ...others] = variants;
  if (hot === undefined || others.length < 2)
    throw new Error(`the catalog has ${variants.length} in-stock variants; the sale needs 3`);
  log(`warming up with ${warmupCheckouts} checkouts of other SKUs`);
  await warmUp(server, token, others, runId);
  await settlePending(server.baseUrl, token, pendingWaitMs);
  const placedBefore = await countOrders(server.baseUrl, token, 'placed');

  const current = await readLevel(server.baseUrl, token, hot.sku);
  if (current.available !== units)
    await adjustStock(server.baseUrl, token, hot.sku, units - current.available, 'bench: flash sale');
  const before = await readLevel(server.baseUrl, token, hot.sku);
  if (before.available !== units)
    throw new Error(`${hot.sku} has ${before.available} available after the adjustment, not ${units}`);
  log(`${hot.sku} set to ${units} units; preparing ${buyers} carts of one unit`);
  const carts = await prepareCarts(server.baseUrl, hot.variantId, buyers);
  return { hot, before, placedBefore, carts };
}

export async function runFlashSale(options: BenchOptions, log: (line: string) => void): Promise<FlashSaleReport> {
  if (options.buyers !== undefined && options.buyers.length !== 1)
    throw new UsageError('flash-sale takes one --buyers number');
  const buyers = options.buyers?.[0] ?? defaultBuyers;
  const { units } = options;
  const machine = machineFacts();
  const startedAt = new Date().toISOString();
  const staff = benchStaff();
  const runId = randomBytes(6).toString('hex');
  const server = await startServer({ products: options.products, log, env: staffEnv(staff), temporaryData: true });
  try {
    const token = await staffToken(server.baseUrl, staff);
    const { hot, before, placedBefore, carts } = await prepareSale(server, token, options, buyers, runId, log);

    log(`selling: ${buyers} checkouts at once`);
    const costBefore = await snapshotServer(server.baseUrl, server.pid);
    const sold = await sell(server.baseUrl, carts, runId);
    const cost = costBetween(costBefore, await snapshotServer(server.baseUrl, server.pid), buyers);
    const timings = saleTimings(sold.answers);
    const pending = await settle(server.baseUrl, sold.pending);
    const after = await readLevel(server.baseUrl, token, hot.sku);
    const placedOrders = (await countOrders(server.baseUrl, token, 'placed')) - placedBefore;
    const placedAnswers = (sold.tally['201'] ?? 0) + (pending.outcomes['placed'] ?? 0);
    const stock = { units, buyers, before, after, placedOrders, placedAnswers, pendingLeft: pending.left };
    const problems = flashSaleProblems(stock);

    await server.stop({ keepData: true });
    const baseline = await measureTxBaseline({
      dataDir: server.dataDir,
      rows: 1,
      concurrency: [buyers],
      seconds: baselineSeconds,
      transactionsMax: options.checkoutsMax,
      log,
    });
    const placedPerSecond = timings.lastPlacedMs > 0 ? Math.round((placedOrders / timings.lastPlacedMs) * 1000) : 0;
    const report: FlashSaleReport = {
      scenario: 'flash-sale',
      startedAt,
      finishedAt: new Date().toISOString(),
      machine,
      loadAverage1mAtEnd: Math.round((loadavg()[0] ?? 0) * 100) / 100,
      settings: { products: options.products, units, buyers },
      startupMs: server.startupMs,
      sku: hot.sku,
      timings,
      answers: sold.tally,
      pendingOutcomes: pending.outcomes,
      latency: sold.latency.summary(),
      server: cost,
      placedPerSecond,
      stock,
      problems,
      baseline,
      ratio: ratioTo(placedPerSecond, baselineAt(baseline, buyers)?.txPerSecond ?? 0),
      target: flashSaleTarget,
      verdict: flashSaleVerdict({ units, buyers, timings, answers: sold.tally, problems }, flashSaleTarget),
    };
    process.stdout.write(`\n${renderFlashSaleReport(report)}\n`);
    await writeReport(options.outPath, report);
    log(`wrote ${options.outPath}`);
    return report;
  } finally {
    await server.removeData();
  }
}
