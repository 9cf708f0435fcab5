import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backoffDelayMs } from './backoff.ts';

describe('backoffDelayMs', () => {
  it('doubles from the base after each failed try', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, { baseMs: 100, maxMs: 10_000 })),
      [100, 200, 400, 800],
    );
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, { baseMs: 1000, maxMs: 10_000 })),
      [1000, 2000, 4000, 8000, 10_000, 10_000],
    );
  });

  it('never waits longer than the maximum, however many tries failed', () => {
    assert.equal(backoffDelayMs(8, { baseMs: 100, maxMs: 1000 }), 1000);
    assert.equal(backoffDelayMs(500, { baseMs: 100, maxMs: 30_000 }), 30_000);
    assert.equal(backoffDelayMs(500, { baseMs: 1000, maxMs: 60_000 }), 60_000);
  });

  it('does not wait before the first try', () => {
    assert.equal(backoffDelayMs(0, { baseMs: 100, maxMs: 1000 }), 0);
    assert.equal(backoffDelayMs(0, { baseMs: 1000, maxMs: 10_000 }), 0);
  });

  it('takes up to the jitter ratio off the wait, by the random draw it is given', () => {
    const jittered = (draw: number) =>
      backoffDelayMs(3, { baseMs: 100, maxMs: 10_000, jitter: { ratio: 0.5, random: () => draw } });
    assert.deepEqual([0, 0.5, 0.999].map(jittered), [400, 300, 200]);
    assert.equal(backoffDelayMs(0, { baseMs: 100, maxMs: 1000, jitter: { ratio: 1, random: () => 0.5 } }), 0);
  });

  it('refuses a ratio or a draw outside its range', () => {
    assert.throws(() => backoffDelayMs(1, { baseMs: 100, maxMs: 1000, jitter: { ratio: 2, random: () => 0 } }));
    assert.throws(() => backoffDelayMs(1, { baseMs: 100, maxMs: 1000, jitter: { ratio: 1, random: () => 1 } }));
  });
});
