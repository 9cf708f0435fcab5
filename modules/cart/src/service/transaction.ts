import { type Db, inResultTransaction, type Tx } from '@mercato/platform/db';
import type { Result } from '@mercato/platform/kernel';

/** Attempts of one use case; beyond them the last error is thrown (an I/O failure for the caller). */
export const transactionAttemptsMax = 3;

/**
 * Runs a use case in one transaction; a failed Result rolls back whatever it wrote.
 * Deadlocks and serialization failures run the whole transaction again, a bounded
 * number of times.
 */
export function inTransaction<T, Code extends string>(
  db: Db,
  work: (tx: Tx) => Promise<Result<T, Code>>,
): Promise<Result<T, Code>> {
  return inResultTransaction(db, work, { attemptsMax: transactionAttemptsMax });
}
