import type { Clock } from '../kernel/index.ts';
import type { RateLimitDecision, RateLimiter } from './port.ts';

type Window = { startedMs: number; previousCount: number; count: number; windowMs: number };

/**
 * In-process counters with a sliding window approximated from two fixed windows
 * (the previous window's count weighted by how much of it still overlaps), the
 * scheme Redis-based limiters commonly use. At most `keysMax` keys are kept; the
 * oldest are forgotten first, so memory stays bounded under a flood of addresses.
 */
export function memoryRateLimiter(clock: Clock, keysMax = 100_000): RateLimiter {
  const windows = new Map<string, Window>();

  const current = (key: string, windowMs: number): Window => {
    const nowMs = clock.now().getTime();
    let window = windows.get(key);
    if (window === undefined || window.windowMs !== windowMs) {
      window = { startedMs: nowMs - (nowMs % windowMs), previousCount: 0, count: 0, windowMs };
    } else {
      const elapsedWindows = Math.floor((nowMs - window.startedMs) / windowMs);
      if (elapsedWindows >= 1) {
        window.previousCount = elapsedWindows === 1 ? window.count : 0;
        window.count = 0;
        window.startedMs += elapsedWindows * windowMs;
      }
    }
    windows.delete(key);
    windows.set(key, window);
    if (windows.size > keysMax) windows.delete(windows.keys().next().value as string);
    return window;
  };

  const decide = (window: Window, limit: number, extra: number): RateLimitDecision => {
    const nowMs = clock.now().getTime();
    const overlap = 1 - (nowMs - window.startedMs) / window.windowMs;
    const weighted = window.previousCount * overlap + window.count + extra;
    if (weighted <= limit) return { allowed: true, remaining: Math.floor(limit - weighted), retryAfterMs: 0 };
    return {
      allowed: false,
      remaining: 0,
      retryAfterMs: Math.max(1, Math.ceil(untilAllowedMs(window, limit, extra, nowMs))),
    };
  };

  /** When the weighted count (previous window fading, plus `extra`) is back within `limit`. */
  const untilAllowedMs = (window: Window, limit: number, extra: number, nowMs: number): number => {
    const { startedMs, windowMs, previousCount, count } = window;
    const room = limit - count - extra;
    if (room >= 0) {
      // Only the fading previous window is in the way: wait until it has faded enough.
      return startedMs + windowMs * (1 - room / previousCount) - nowMs;
    }
    // This window alone is over: wait for the next one, then for this one to fade.
    const fadedEnough = count === 0 ? 0 : Math.max(0, 1 - (limit - extra) / count);
    return startedMs + windowMs + windowMs * fadedEnough - nowMs;
  };

  return {
    async consume(key, limit, windowMs) {
      const window = current(key, windowMs);
      const decision = decide(window, limit, 1);
      if (decision.allowed) window.count += 1;
      return decision;
    },
    async peek(key, limit, windowMs) {
      return decide(current(key, windowMs), limit, 1);
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}
