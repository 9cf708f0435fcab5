import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { nodeBinary, repoRoot, trackChild } from './server.ts';
import type { TxBaselineLevel, TxBaselineOutput } from './tx-baseline.ts';

/**
 * Runs bench/tx-baseline.ts as a child process on the stopped server's data directory:
 * the same PGlite database and the same Db adapter, in a process of its own, like the
 * server was. Answers its figures per concurrency level.
 */
export type TxBaselineSettings = {
  /** The server's data directory (the database is its `pglite` folder). */
  readonly dataDir: string;
  /** Stock rows the updates rotate over: many for checkouts, 1 for a hot SKU. */
  readonly rows: number;
  readonly concurrency: readonly number[];
  readonly seconds: number;
  readonly transactionsMax: number;
  readonly log: (line: string) => void;
};

export type TxBaseline = TxBaselineOutput & { readonly sequential: TxBaselineLevel };

const graceMs = 120_000;
const stderrMax = 4_000;

/** The last line of the child's stdout, checked for the shape the bench reads. */
export function parseBaselineOutput(stdout: string): TxBaselineOutput {
  const line = stdout.trim().split('\n').at(-1) ?? '';
  const parsed = JSON.parse(line) as TxBaselineOutput;
  if (!Array.isArray(parsed.levels) || parsed.levels.some((level) => typeof level.txPerSecond !== 'number')) {
    throw new Error(`unexpected baseline output: ${line.slice(0, 300)}`);
  }
  return parsed;
}

/** The level measured at `concurrency`, else the sequential one. */
export function baselineAt(baseline: TxBaselineOutput, concurrency: number): TxBaselineLevel | undefined {
  return (
    baseline.levels.find((level) => level.concurrency === concurrency) ??
    baseline.levels.find((level) => level.concurrency === 1)
  );
}

export async function measureTxBaseline(settings: TxBaselineSettings): Promise<TxBaseline> {
  const levels = [1, ...settings.concurrency.filter((level) => level !== 1)];
  const args = ['bench/tx-baseline.ts', '--data', join(settings.dataDir, 'pglite'), '--rows', String(settings.rows)];
  args.push('--concurrency', levels.join(','), '--seconds', String(settings.seconds));
  args.push('--transactions', String(settings.transactionsMax));
  settings.log(
    `database baseline: ${levels.join(', ')} concurrent transactions, up to ${settings.seconds} s each, on ${settings.rows} stock row(s)`,
  );
  const child = spawn(nodeBinary(), args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  trackChild(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-stderrMax);
  });
  const deadlineMs = levels.length * settings.seconds * 1000 + graceMs;
  const timer = setTimeout(() => child.kill('SIGKILL'), deadlineMs);
  const code = await new Promise<number | string>((done) =>
    child.once('exit', (exitCode, signal) => done(exitCode ?? signal ?? -1)),
  );
  clearTimeout(timer);
  if (code !== 0) throw new Error(`the database baseline failed (${code}): ${stderr.trim()}`);
  const output = parseBaselineOutput(stdout);
  const sequential = output.levels.find((level) => level.concurrency === 1);
  if (sequential === undefined) throw new Error('the database baseline measured no sequential level');
  return { ...output, sequential };
}
