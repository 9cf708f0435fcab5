import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { ObjectStore } from '@mercato/platform/storage';
import type { Logger } from 'pino';
import type { ReadCache } from './cache.ts';

/** What every use case of the catalog works with; built once in module.ts. */
export type CatalogDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  /** The catalog's own audit table: staff writes record who, what, before and after. */
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly objects: ObjectStore;
  readonly logger: Logger;
  readonly cache: ReadCache;
  /** The one currency of this catalog; every price must be in it. */
  readonly currency: string;
};
