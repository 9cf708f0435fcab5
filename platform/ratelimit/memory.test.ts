import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { manualClock } from '../kernel/index.ts';
import { memoryRateLimiter } from './memory.ts';

const hourMs = 60 * 60 * 1000;

describe('memoryRateLimiter', () => {
  it('allows exactly `limit` events per window and then says how long to wait', async () => {
    const clock = manualClock(new Date('2026-01-01T00:00:00Z'));
    const limiter = memoryRateLimiter(clock);
    for (let i = 0; i < 100; i++) assert.equal((await limiter.consume('login:a', 100, hourMs)).allowed, true);
    const refused = await limiter.consume('login:a', 100, hourMs);
    assert.equal(refused.allowed, false);
    assert.ok(refused.retryAfterMs > 0 && refused.retryAfterMs <= 2 * hourMs);
    assert.equal((await limiter.consume('login:b', 100, hourMs)).allowed, true, 'other keys are separate');
  });

  it('says a Retry-After that is exactly long enough, in both windows', async () => {
    for (const startOffsetMs of [0, 20 * 60 * 1000, hourMs - 1]) {
      const clock = manualClock(new Date(Date.UTC(2026, 0, 1) + startOffsetMs));
      const limiter = memoryRateLimiter(clock);
      for (let i = 0; i < 100; i++) await limiter.consume('k', 100, hourMs);
      for (let round = 0; round < 3; round++) {
        const refused = await limiter.consume('k', 100, hourMs);
        assert.equal(refused.allowed, false);
        clock.advance(refused.retryAfterMs - 1);
        assert.equal((await limiter.peek('k', 100, hourMs)).allowed, false, 'not a millisecond early');
        clock.advance(1);
        assert.equal(
          (await limiter.consume('k', 100, hourMs)).allowed,
          true,
          `allowed after Retry-After (round ${round})`,
        );
      }
    }
  });

  it('lets events through again once the window has slid past', async () => {
    const clock = manualClock(new Date('2026-01-01T00:00:00Z'));
    const limiter = memoryRateLimiter(clock);
    for (let i = 0; i < 5; i++) await limiter.consume('k', 5, 1000);
    assert.equal((await limiter.peek('k', 5, 1000)).allowed, false);
    clock.advance(2000);
    assert.equal((await limiter.consume('k', 5, 1000)).allowed, true);
  });

  it('forgets a key on reset and keeps at most keysMax keys', async () => {
    const clock = manualClock();
    const limiter = memoryRateLimiter(clock, 2);
    await limiter.consume('a', 1, 1000);
    assert.equal((await limiter.consume('a', 1, 1000)).allowed, false);
    await limiter.reset('a');
    assert.equal((await limiter.consume('a', 1, 1000)).allowed, true);
    await limiter.consume('b', 1, 1000);
    await limiter.consume('c', 1, 1000);
    assert.equal((await limiter.consume('a', 1, 1000)).allowed, true, 'a was evicted as the oldest key');
  });
});
