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

/**
 * A conditional update lost a race that a fresh attempt can win (a spread over several
 * locations found one of them emptied meanwhile). Thrown inside a transaction to roll
 * it back and run it again.
 */
export class StockContention extends Error {
  override name = 'StockContention';
}

/** Deadlock and serialization failures: PostgreSQL rolled the transaction back; running it again is safe. */
const retryableCodes = new Set(['40P01', '40001']);

function retryable(error: unknown): boolean {
  if (error instanceof StockContention) return true;
  if (error === null || typeof error !== 'object') return false;
  return retryableCodes.has(String((error as { code?: unknown }).code));
}

/** Attempts of one use case; beyond them the last error is thrown (callers retry I/O failures). */
export const transactionAttemptsMax = 5;

/**
 * Runs a use case in one transaction. A failed Result rolls everything back, so a line
 * that cannot be reserved undoes the lines reserved before it (all or nothing).
 * Contention and deadlocks run the whole transaction again, a bounded number of times.
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
