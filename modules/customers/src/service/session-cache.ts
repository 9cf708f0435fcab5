import type { Clock } from '@mercato/platform/kernel';
import { LRUCache } from 'lru-cache';
import type { StaffRole } from '../contract.ts';

/** What verification needs of a session; `endedOrDisabled` covers logout, revocation and disabling. */
export type SessionSnapshot = {
  readonly accountId: string;
  readonly kind: 'customer' | 'staff';
  readonly role: StaffRole | null;
  readonly expiresAtMs: number;
  readonly endedOrDisabled: boolean;
};

export type SessionCache = {
  /** The snapshot of a session, from the cache or from `load` (undefined: no such session). */
  read(sessionId: string, load: () => Promise<SessionSnapshot | undefined>): Promise<SessionSnapshot | undefined>;
  /** Forgets sessions at once (this process ended them, or heard `customers.session_revoked`). */
  drop(sessionIds: readonly string[]): void;
};

/**
 * An in-process, bounded, short-lived cache of session status, so that verifying an
 * access token costs no query on most requests. A session this process ends is
 * dropped at once; other processes drop it when the revocation event reaches them,
 * and at the latest when the entry's time to live runs out.
 *
 * A load that raced with a drop is answered to its caller but not stored (generation
 * counter), so a stale "active" can never outlive the revocation in the cache.
 */
export function createSessionCache(options: { entriesMax: number; ttlMs: number; clock: Clock }): SessionCache {
  const entries = new LRUCache<string, SessionSnapshot>({
    max: options.entriesMax,
    ttl: options.ttlMs,
    // The module's clock decides staleness, so tests can move time.
    perf: { now: () => options.clock.now().getTime() },
    ttlResolution: 0,
  });
  let generation = 0;
  return {
    async read(sessionId, load) {
      const cached = entries.get(sessionId);
      if (cached !== undefined) return cached;
      const startedAt = generation;
      const loaded = await load();
      if (loaded !== undefined && startedAt === generation) entries.set(sessionId, loaded);
      return loaded;
    },
    drop(sessionIds) {
      generation++;
      for (const id of sessionIds) entries.delete(id);
    },
  };
}
