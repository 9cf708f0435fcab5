import type { Db, Tx } from '@mercato/platform/db';
import type { Result } from '@mercato/platform/kernel';

/** Carries a value out of a transaction that must roll back. */
class Rollback<T> extends Error {
  override name = 'Rollback';
  readonly value: T;
  constructor(value: T) {
    super('rolled back');
    this.value = value;
  }
}

/**
 * Runs `work` in one transaction and commits only when it says so; otherwise
 * everything it wrote (a claimed ledger row included) is rolled back and its value
 * still returned. I/O errors roll back and propagate.
 */
export async function decideInTransaction<T>(db: Db, work: (tx: Tx) => Promise<{ commit: boolean; value: T }>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      const decision = await work(tx);
      if (!decision.commit) throw new Rollback(decision.value);
      return decision.value;
    });
  } catch (error) {
    if (error instanceof Rollback) return error.value as T;
    throw error;
  }
}

/** A failed Result rolls everything back, so a refused step leaves no trace and its key stays free. */
export function inTransaction<T, Code extends string>(db: Db, work: (tx: Tx) => Promise<Result<T, Code>>): Promise<Result<T, Code>> {
  return decideInTransaction<Result<T, Code>>(db, async (tx) => {
    const result = await work(tx);
    return { commit: result.ok, value: result };
  });
}
