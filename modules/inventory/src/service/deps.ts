import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db, ResultTransactionOptions } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { Logger } from 'pino';
import type { InventoryConfig } from '../config.ts';

/** What every use case of the inventory works with; built once in module.ts. */
export type InventoryDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly config: InventoryConfig;
};

/**
 * A conditional update lost a race that a fresh attempt can win (a spread over several
 * locations found one of them emptied meanwhile). Thrown inside a transaction to roll
 * it back and run it again.
 */
export class StockContention extends Error {
  override name = 'StockContention';
}

/**
 * How every use case runs its transaction (`inResultTransaction`): a failed Result rolls
 * everything back, so a line that cannot be reserved undoes the lines reserved before
 * it (all or nothing). Contention and deadlocks run the whole transaction again, up to
 * 5 times; beyond them the last error is thrown (callers retry I/O failures).
 */
export const transactionOptions: ResultTransactionOptions = {
  attemptsMax: 5,
  retryOn: (error) => error instanceof StockContention,
};
