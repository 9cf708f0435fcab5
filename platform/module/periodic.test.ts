import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { Logger } from 'pino';
import { eventually } from '../testing/index.ts';
import { periodicJob } from './periodic.ts';

/** A logger that keeps the warnings, the only level periodicJob writes. */
function warnings() {
  const seen: { fields: Record<string, unknown>; message: string }[] = [];
  const logger = { warn: (fields: Record<string, unknown>, message: string) => seen.push({ fields, message }) };
  return { seen, logger: logger as unknown as Logger };
}

/** A run that counts itself and, while it runs, how many runs overlap. */
function counted(runMs = 0) {
  const state = { runs: 0, active: 0, overlapMax: 0 };
  const run = async () => {
    state.runs++;
    state.active++;
    state.overlapMax = Math.max(state.overlapMax, state.active);
    if (runMs > 0) await delay(runMs);
    state.active--;
  };
  return { state, run };
}

describe('periodicJob', () => {
  it('runs every interval between start and stop, first after one interval', async () => {
    const { state, run } = counted();
    const job = periodicJob('test job', run, 5, warnings().logger);
    job.start();
    assert.equal(state.runs, 0, 'nothing runs before the first interval');
    await eventually(() => state.runs >= 3, { timeoutMs: 2000, intervalMs: 1 });
    await job.stop();
    const runs = state.runs;
    await delay(30);
    assert.equal(state.runs, runs, 'no run after stop');
  });

  it('never overlaps a run still under way, however slow', async () => {
    const { state, run } = counted(20);
    const job = periodicJob('slow job', run, 1, warnings().logger);
    job.start();
    await eventually(() => state.runs >= 3, { timeoutMs: 2000, intervalMs: 1 });
    await job.stop();
    assert.equal(state.overlapMax, 1);
  });

  it('stop waits for the run in flight', async () => {
    const { state, run } = counted(30);
    const job = periodicJob('slow job', run, 1, warnings().logger, { runAtStart: true });
    job.start();
    assert.equal(state.active, 1);
    await job.stop();
    assert.equal(state.active, 0);
  });

  it('an interval of 0 never starts', async () => {
    const { state, run } = counted();
    const job = periodicJob('off', run, 0, warnings().logger, { runAtStart: true });
    job.start();
    await delay(20);
    await job.stop();
    assert.equal(state.runs, 0);
  });

  it('runAtStart runs at once, then every interval', async () => {
    const { state, run } = counted();
    const job = periodicJob('eager', run, 60_000, warnings().logger, { runAtStart: true });
    job.start();
    assert.equal(state.runs, 1, 'the first run starts within start()');
    await delay(20);
    await job.stop();
    assert.equal(state.runs, 1, 'the next waits a whole interval');
  });

  it('runAgainWhen runs again at once while a run says more is waiting', async () => {
    const outcomes = [true, true, false, true];
    let runs = 0;
    const job = periodicJob('drain', async () => outcomes[runs++] ?? false, 60_000, warnings().logger, {
      runAtStart: true,
      runAgainWhen: (full) => full,
    });
    job.start();
    await eventually(() => runs >= 3, { timeoutMs: 2000, intervalMs: 1 });
    await delay(20);
    await job.stop();
    assert.equal(runs, 3, 'a run answering false waits for the next interval');
  });

  it('logs a failed run with its name and carries on', async () => {
    const { seen, logger } = warnings();
    let runs = 0;
    const job = periodicJob(
      'flaky job',
      async () => {
        runs++;
        if (runs === 1) throw new Error('database away');
      },
      5,
      logger,
      { runAtStart: true },
    );
    job.start();
    await eventually(() => runs >= 2, { timeoutMs: 2000, intervalMs: 1 });
    await job.stop();
    assert.equal(seen.length, 1);
    const [warning] = seen;
    assert.equal(warning!.message, 'flaky job failed; retrying at the next tick');
    assert.equal(warning!.fields['job'], 'flaky job');
    assert.equal((warning!.fields['err'] as Error).message, 'database away');
  });

  it('a run that throws at once is a failed run, not an uncaught error', async () => {
    const { seen, logger } = warnings();
    const job = periodicJob(
      'sync thrower',
      () => {
        throw new Error('thrown before any await');
      },
      60_000,
      logger,
      { runAtStart: true },
    );
    job.start();
    await job.stop();
    assert.equal(seen.length, 1);
  });

  it('start twice keeps one timer; start after stop runs again', async () => {
    const { state, run } = counted(10);
    const job = periodicJob('restartable', run, 1, warnings().logger);
    job.start();
    job.start();
    await eventually(() => state.runs >= 2, { timeoutMs: 2000, intervalMs: 1 });
    await job.stop();
    assert.equal(state.overlapMax, 1);
    const runs = state.runs;
    job.start();
    await eventually(() => state.runs > runs, { timeoutMs: 2000, intervalMs: 1 });
    await job.stop();
    assert.equal(state.overlapMax, 1);
  });
});
