import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planAfterFailure } from './backoff.ts';

describe('sender backoff', () => {
  it('doubles the wait per failed try, up to the maximum', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((attempt) => planAfterFailure(attempt, 10, false, 1000, 10_000)),
      [1000, 2000, 4000, 8000, 10_000, 10_000].map((delayMs) => ({ kind: 'retry', delayMs })),
    );
    assert.deepEqual(planAfterFailure(500, 1000, false, 1000, 60_000), { kind: 'retry', delayMs: 60_000 });
  });

  it('retries until the tries are spent, and never after a permanent refusal', () => {
    assert.deepEqual(planAfterFailure(1, 3, false, 100, 1000), { kind: 'retry', delayMs: 100 });
    assert.deepEqual(planAfterFailure(2, 3, false, 100, 1000), { kind: 'retry', delayMs: 200 });
    assert.deepEqual(planAfterFailure(3, 3, false, 100, 1000), { kind: 'give_up' });
    assert.deepEqual(planAfterFailure(1, 3, true, 100, 1000), { kind: 'give_up' });
  });
});
