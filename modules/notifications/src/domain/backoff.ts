import { backoffDelayMs } from '@mercato/platform/kernel';

/** What happens to a message whose send just failed. */
export type FailedSendPlan = { readonly kind: 'retry'; readonly delayMs: number } | { readonly kind: 'give_up' };

/**
 * Gives up when the tries are spent or the refusal is permanent (an SMTP 5xx: the
 * server said it will never take this message); otherwise retries after the backoff:
 * `baseMs × 2^(attempts − 1)`, never more than `maxMs`. Without jitter on purpose: one
 * sender drains one queue, so there is no herd to spread, and tests can step a manual
 * clock to the exact moment a retry becomes due.
 */
export function planAfterFailure(
  attempts: number,
  attemptsMax: number,
  permanent: boolean,
  baseMs: number,
  maxMs: number,
): FailedSendPlan {
  if (permanent || attempts >= attemptsMax) return { kind: 'give_up' };
  return { kind: 'retry', delayMs: backoffDelayMs(attempts, { baseMs, maxMs }) };
}
