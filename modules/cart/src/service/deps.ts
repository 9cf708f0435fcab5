import type { CatalogApi } from '@mercato/catalog/contract';
import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db, ResultTransactionOptions } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { InventoryApi } from '@mercato/inventory/contract';
import type { Logger } from 'pino';
import type { CartConfig } from '../config.ts';

/** What every use case of the cart works with; built once in module.ts. */
export type CartDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  /** Records staff writes (discounts) in the transaction of the write. */
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly config: CartConfig;
  /** Quotes prices and titles. */
  readonly catalog: Pick<CatalogApi, 'getVariants'>;
  /** Says how many units could be reserved now (advisory: checkout reserves). */
  readonly inventory: Pick<InventoryApi, 'availability'>;
};

/** The moment of a write and the expiry it gives the cart (idle TTL from now). */
export function writeTimes(deps: CartDeps): { now: Date; expiresAt: Date } {
  const now = deps.clock.now();
  return { now, expiresAt: new Date(now.getTime() + deps.config.idleTtlMs) };
}

/**
 * How every use case runs its transaction (`inResultTransaction`): a failed Result rolls
 * back whatever it wrote; deadlocks and serialization failures run the whole
 * transaction again, up to 3 times, beyond which the last error is thrown (an I/O
 * failure for the caller).
 */
export const transactionOptions: ResultTransactionOptions = { attemptsMax: 3 };
