/**
 * Exponential backoff: the wait before try `attempt + 1` after `attempt` failed tries
 * is `baseMs × 2^(attempt − 1)`, never more than `maxMs`. Pure, so the schedule is
 * tested without clocks.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  if (attempt < 1) return 0;
  // 2^30 already exceeds any sensible maximum; the cap keeps the power finite.
  const factor = 2 ** Math.min(attempt - 1, 30);
  return Math.min(maxMs, baseMs * factor);
}
