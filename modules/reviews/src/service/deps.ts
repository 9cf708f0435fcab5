import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { CatalogApi } from '@mercato/catalog/contract';
import type { CustomersApi } from '@mercato/customers/contract';
import type { Logger } from 'pino';

/** What the reviews use cases need, wired once in module.ts. */
export type ReviewsDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** Whether a product exists and is active (and its id when named by slug). */
  readonly catalog: Pick<CatalogApi, 'getProduct'>;
  /** The author's name. */
  readonly customers: Pick<CustomersApi, 'getCustomer'>;
};
