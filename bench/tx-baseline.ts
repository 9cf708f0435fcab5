/**
 * The database baseline of the checkout and flash-sale scenarios, run as its own
 * process on the server's PGlite data directory once the server has stopped (PGlite
 * is one process's database): the rate of a bare transaction doing one conditional
 * stock update and one insert, through the same Db adapter the server uses.
 *
 *   node bench/tx-baseline.ts --data <dataDir>/pglite --rows R --concurrency 1,32 --seconds S --transactions N
 *
 * It writes only to its own scratch schema (`bench_scratch`, dropped at the end), never
 * to a module's tables, and prints one JSON line (`TxBaselineOutput`) on stdout.
 */
import { parseArgs } from 'node:util';
import { openDb } from '@mercato/platform/db';
import { type PoolRun, runPool } from './pool.ts';
import { latencyRecorder } from './stats.ts';

export type TxBaselineLevel = {
  readonly concurrency: number;
  readonly transactions: number;
  readonly elapsedMs: number;
  readonly txPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
};

export type TxBaselineOutput = {
  readonly rows: number;
  readonly openMs: number;
  readonly levels: readonly TxBaselineLevel[];
};

const schema = 'bench_scratch';
const warmupTransactions = 200;

function flags() {
  const { values } = parseArgs({
    options: {
      data: { type: 'string' },
      rows: { type: 'string' },
      concurrency: { type: 'string' },
      seconds: { type: 'string' },
      transactions: { type: 'string' },
    },
  });
  const whole = (name: string, raw: string | undefined, min: number, max: number) => {
    const value = Number(raw);
    if (raw === undefined || !Number.isInteger(value) || value < min || value > max) {
      throw new Error(`--${name} must be a whole number from ${min} to ${max}, got ${raw}`);
    }
    return value;
  };
  if (values.data === undefined) throw new Error('--data is required');
  return {
    dataDir: values.data,
    rows: whole('rows', values.rows, 1, 100_000),
    concurrency: (values.concurrency ?? '1').split(',').map((level) => whole('concurrency', level, 1, 2000)),
    seconds: whole('seconds', values.seconds, 1, 120),
    transactions: whole('transactions', values.transactions, 1, 1_000_000),
  };
}

async function main(): Promise<void> {
  const settings = flags();
  const openedAt = performance.now();
  const db = await openDb({ kind: 'pglite', dataDir: settings.dataDir });
  const openMs = Math.round(performance.now() - openedAt);
  try {
    const unitsPerRow = settings.transactions * (settings.concurrency.length + 1) + warmupTransactions;
    await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.stock (sku text PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL DEFAULT 0,
        CHECK (reserved >= 0 AND reserved <= on_hand));
      CREATE TABLE ${schema}.reservation_lines (order_id text PRIMARY KEY, sku text NOT NULL, quantity bigint NOT NULL,
        created_at timestamptz NOT NULL);`);
    await db.query(
      `INSERT INTO ${schema}.stock (sku, on_hand) SELECT 'SKU-' || lpad(n::text, 7, '0'), $1 FROM generate_series(1, $2) AS n`,
      [unitsPerRow, settings.rows],
    );
    let sequence = 0;
    const transaction = async () => {
      sequence += 1;
      const orderId = `ord_bench${String(sequence).padStart(21, '0')}`;
      const sku = `SKU-${String((sequence % settings.rows) + 1).padStart(7, '0')}`;
      await db.transaction(async (tx) => {
        const updated = await tx.query(
          `UPDATE ${schema}.stock SET reserved = reserved + 1 WHERE sku = $1 AND on_hand - reserved >= 1`,
          [sku],
        );
        if (updated.rowCount !== 1) throw new Error(`the scratch stock of ${sku} ran out`);
        await tx.query(
          `INSERT INTO ${schema}.reservation_lines (order_id, sku, quantity, created_at) VALUES ($1, $2, 1, now())`,
          [orderId, sku],
        );
      });
    };
    await runPool({ workers: 1, durationMs: 60_000, iterationsMax: warmupTransactions, iteration: transaction });
    const levels: TxBaselineLevel[] = [];
    for (const concurrency of settings.concurrency) {
      const latencies = latencyRecorder();
      const run: PoolRun = await runPool({
        workers: concurrency,
        durationMs: settings.seconds * 1000,
        iterationsMax: settings.transactions,
        iteration: async () => {
          const startedMs = performance.now();
          await transaction();
          latencies.record(performance.now() - startedMs);
        },
      });
      const summary = latencies.summary();
      levels.push({
        concurrency,
        transactions: run.iterations,
        elapsedMs: Math.round(run.elapsedMs),
        txPerSecond: run.elapsedMs > 0 ? Math.round((run.iterations / run.elapsedMs) * 1000) : 0,
        p50Ms: summary.p50Ms,
        p99Ms: summary.p99Ms,
      });
    }
    await db.exec(`DROP SCHEMA ${schema} CASCADE`);
    const output: TxBaselineOutput = { rows: settings.rows, openMs, levels };
    process.stdout.write(`${JSON.stringify(output)}\n`);
  } finally {
    await db.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`tx-baseline: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
