import type { Db, Tx } from '@mercato/platform/db';
import type { Failure, Result } from '@mercato/platform/kernel';

/** Carries a failure out of a transaction so that the transaction rolls back. */
class Rollback extends Error {
  override name = 'Rollback';
  readonly failure: Failure<string>;
  constructor(failure: Failure<string>) {
    super(failure.message);
    this.failure = failure;
  }
}

/** Deadlock and serialization failures: PostgreSQL rolled the transaction back; running it again is safe. */
const retryableCodes = new Set(['40P01', '40001']);

function retryable(error: unknown): boolean {
  if (error === null || typeof error !== 'object') return false;
  return retryableCodes.has(String((error as { code?: unknown }).code));
}

/** Attempts of one use case; beyond them the last error is thrown (an I/O failure for the caller). */
export const transactionAttemptsMax = 3;

/**
 * Runs a use case in one transaction; a failed Result rolls back whatever it wrote.
 * Deadlocks run the whole transaction again, a bounded number of times.
 */
export async function inTransaction<T, Code extends string>(
  db: Db,
  work: (tx: Tx) => Promise<Result<T, Code>>,
): Promise<Result<T, Code>> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        const result = await work(tx);
        if (!result.ok) throw new Rollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.failure as Failure<Code>;
      if (attempt >= transactionAttemptsMax || !retryable(error)) throw error;
    }
  }
}
