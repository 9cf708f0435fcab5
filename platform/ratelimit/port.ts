/**
 * Counters for rate limits (failed logins per account, requests per address). In
 * process by default; Redis when several processes must share the counts.
 */
export type RateLimitDecision = {
  readonly allowed: boolean;
  /** Events still allowed in the current window. */
  readonly remaining: number;
  /** When not allowed: how long until one more event is allowed. 0 when allowed. */
  readonly retryAfterMs: number;
};

export interface RateLimiter {
  /** Counts one event against `key` and says whether it is within `limit` per `windowMs`. */
  consume(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  /** Says whether one more event would be allowed, without counting it. */
  peek(key: string, limit: number, windowMs: number): Promise<RateLimitDecision>;
  /** Forgets the counts of `key` (after a successful login, say). */
  reset(key: string): Promise<void>;
}
