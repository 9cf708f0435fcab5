import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { RateLimiter } from '@mercato/platform/ratelimit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { NotificationsConfig } from '../config.ts';
import type { MailTransport } from '../transport/port.ts';

/** What every use case of notifications works with; built once in module.ts. */
export type NotificationsDeps = {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  /** Where the sender counts its sends. */
  readonly metrics: Registry;
  readonly rateLimiter: RateLimiter;
  readonly transport: MailTransport;
  readonly config: NotificationsConfig;
};
