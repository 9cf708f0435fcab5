import { assert } from './assert.ts';

/**
 * Exponential backoff: the wait before try `attempt + 1` after `attempt` failed tries
 * is `baseMs × 2^(attempt − 1)`, never more than `maxMs`, and nothing before the first
 * try. Pure, so a schedule is tested without clocks.
 *
 * Without `jitter` the schedule is deterministic: right for one worker draining one
 * queue (no herd to spread), and tests can step a manual clock to the exact moment a
 * retry is due. With `jitter`, up to `ratio` of each wait is taken off at random, so
 * many callers failing together do not retry together; the randomness comes in as
 * `random` (uniform in [0, 1), like `Math.random`) so tests control it.
 */
export type Backoff = {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly jitter?: { readonly ratio: number; readonly random: () => number };
};

/** 2^30 already exceeds any sensible maximum; the cap keeps the power finite. */
const doublingsMax = 30;

export function backoffDelayMs(attempt: number, backoff: Backoff): number {
  if (attempt < 1) return 0;
  const delayMs = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(attempt - 1, doublingsMax));
  if (backoff.jitter === undefined) return delayMs;
  const { ratio, random } = backoff.jitter;
  assert(ratio >= 0 && ratio <= 1, `backoff jitter ratio must be within [0, 1], got ${ratio}`);
  const draw = random();
  assert(draw >= 0 && draw < 1, `backoff random draw must be within [0, 1), got ${draw}`);
  return Math.round(delayMs * (1 - ratio * draw));
}
