import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runPool } from './pool.ts';

describe('runPool', () => {
  it('stops starting iterations once iterationsMax have started, and numbers them from 0', async () => {
    const seen: number[] = [];
    const run = await runPool({
      workers: 3,
      durationMs: 60_000,
      iterationsMax: 10,
      iteration: async (_worker, index) => {
        seen.push(index);
        await new Promise((wake) => setImmediate(wake));
      },
    });
    assert.equal(run.iterations, 10);
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    );
  });

  it('starts no iteration after the deadline but finishes those under way', async () => {
    let nowMs = 0;
    let finished = 0;
    const run = await runPool({
      workers: 2,
      durationMs: 100,
      iterationsMax: 1_000,
      now: () => nowMs,
      iteration: async () => {
        nowMs += 30;
        await new Promise((wake) => setImmediate(wake));
        finished += 1;
      },
    });
    // Two workers: iterations start at 0, 30, 60, 90 (the last before the 100 ms deadline) and later ones never.
    assert.equal(run.iterations, 4);
    assert.equal(finished, 4);
    assert.equal(run.elapsedMs, 120);
  });

  it('keeps the workers busy concurrently', async () => {
    let active = 0;
    let peak = 0;
    await runPool({
      workers: 4,
      durationMs: 60_000,
      iterationsMax: 12,
      iteration: async () => {
        active += 1;
        peak = Math.max(peak, active);
        await new Promise((wake) => setTimeout(wake, 1));
        active -= 1;
      },
    });
    assert.equal(peak, 4);
  });

  it('rejects with the first failure and starts nothing more', async () => {
    let started = 0;
    await assert.rejects(
      runPool({
        workers: 2,
        durationMs: 60_000,
        iterationsMax: 100,
        iteration: async (_worker, index) => {
          started += 1;
          await new Promise((wake) => setImmediate(wake));
          if (index === 3) throw new Error('boom');
        },
      }),
      /boom/,
    );
    assert.ok(started <= 5, `started ${started}`);
  });

  it('refuses a pool without workers', async () => {
    await assert.rejects(
      runPool({ workers: 0, durationMs: 1, iterationsMax: 1, iteration: async () => {} }),
      RangeError,
    );
  });
});
