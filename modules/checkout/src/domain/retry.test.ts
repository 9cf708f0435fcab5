import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryDelayMs } from './retry.ts';

describe('retryDelayMs', () => {
  it('doubles from the base after each failed try', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, 100, 10_000)),
      [100, 200, 400, 800],
    );
  });
  it('never waits longer than the maximum, however many tries failed', () => {
    assert.equal(retryDelayMs(8, 100, 1000), 1000);
    assert.equal(retryDelayMs(500, 100, 30_000), 30_000);
  });
  it('does not wait before the first try', () => {
    assert.equal(retryDelayMs(0, 100, 1000), 0);
  });
});
