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
    // Waiting until the current window ends always frees room: from then on only
    // this window's count weighs, fading as the next window goes by.
    const retryAfterMs = Math.max(1, window.startedMs + window.windowMs - nowMs);
    return { allowed: false, remaining: 0, retryAfterMs };
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
