import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
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
