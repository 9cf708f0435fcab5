/**
 * Exponential backoff of the sender: after `attempt` failed tries the next waits
 * `baseMs × 2^(attempt − 1)`, never more than `maxMs`. Deterministic on purpose: one
 * sender drains one queue, so there is no herd to spread with jitter, and tests can
 * step a manual clock to the exact moment a retry becomes due.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  if (attempt < 1) return 0;
  // 2^30 already exceeds any sensible maximum; the cap keeps the power finite.
  return Math.min(maxMs, baseMs * 2 ** Math.min(attempt - 1, 30));
}

/** What happens to a message whose send just failed. */
export type FailedSendPlan = { readonly kind: 'retry'; readonly delayMs: number } | { readonly kind: 'give_up' };

/**
 * Gives up when the tries are spent or the refusal is permanent (an SMTP 5xx: the
 * server said it will never take this message); otherwise retries after the backoff.
 */
export function planAfterFailure(
  attempts: number,
  attemptsMax: number,
  permanent: boolean,
  baseMs: number,
  maxMs: number,
): FailedSendPlan {
  if (permanent || attempts >= attemptsMax) return { kind: 'give_up' };
  return { kind: 'retry', delayMs: retryDelayMs(attempts, baseMs, maxMs) };
}
