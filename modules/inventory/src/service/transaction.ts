import { type Db, inResultTransaction, type Tx } from '@mercato/platform/db';
import type { Result } from '@mercato/platform/kernel';

/**
 * A conditional update lost a race that a fresh attempt can win (a spread over several
 * locations found one of them emptied meanwhile). Thrown inside a transaction to roll
 * it back and run it again.
 */
export class StockContention extends Error {
  override name = 'StockContention';
}

/** Attempts of one use case; beyond them the last error is thrown (callers retry I/O failures). */
export const transactionAttemptsMax = 5;

/**
 * Runs a use case in one transaction. A failed Result rolls everything back, so a line
 * that cannot be reserved undoes the lines reserved before it (all or nothing).
 * Contention and deadlocks run the whole transaction again, a bounded number of times.
 */
export function inTransaction<T, Code extends string>(
  db: Db,
  work: (tx: Tx) => Promise<Result<T, Code>>,
): Promise<Result<T, Code>> {
  return inResultTransaction(db, work, {
    attemptsMax: transactionAttemptsMax,
    retryOn: (error) => error instanceof StockContention,
  });
}
