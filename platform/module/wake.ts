import type { Outbox } from '../bus/port.ts';
import type { Db, Tx } from '../db/port.ts';

/** How long a wake-up waits for more commits to join it. */
export const wakeCoalesceMsDefault = 10;

/**
 * Wakes a module's relay as soon as a transaction that appended events commits, so
 * events leave within a moment of their commit while the relay's own polling stays
 * a slow safety net (for rows appended by a process that died before relaying them).
 * The module sees the same Db and Outbox ports; only their timing changes.
 */
export function wakeRelayOnCommit(
  db: Db,
  outbox: Outbox,
  wake: () => void,
  coalesceMs = wakeCoalesceMsDefault,
): { db: Db; outbox: Outbox } {
  const appended = new WeakSet<Tx>();
  // Commits in a burst share one wake-up, so the relay takes them in one batch
  // instead of one pass (three transactions) per commit.
  let pending: NodeJS.Timeout | undefined;
  const wakeSoon = (): void => {
    pending ??= setTimeout(() => {
      pending = undefined;
      wake();
    }, coalesceMs);
    pending.unref?.();
  };
  return {
    outbox: {
      async append(tx, events) {
        const envelopes = await outbox.append(tx, events);
        if (envelopes.length > 0) appended.add(tx);
        return envelopes;
      },
    },
    db: {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      exec: (sql) => db.exec(sql),
      async transaction(work, options) {
        let used: Tx | undefined;
        const value = await db.transaction((tx) => {
          used = tx;
          return work(tx);
        }, options);
        if (used !== undefined && appended.has(used)) wakeSoon();
        return value;
      },
      stats: () => db.stats(),
      close: () => db.close(),
    },
  };
}
