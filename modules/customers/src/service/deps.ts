import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { RateLimiter } from '@mercato/platform/ratelimit';
import type { Logger } from 'pino';
import type { CustomersConfig } from '../config.ts';
import type { PasswordHasher } from './hasher.ts';
import type { Keyring } from './keyring.ts';
import type { SessionCache } from './session-cache.ts';

/** What every use case of the customers module works with; built once in module.ts. */
export type CustomersDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly rateLimiter: RateLimiter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly config: CustomersConfig;
  readonly hasher: PasswordHasher;
  /** The hash verified against when an email is unknown (same cost as a real one). */
  readonly dummyHash: () => Promise<string>;
  readonly keyring: Keyring;
  readonly sessions: SessionCache;
  /** Secure random bytes (refresh tokens, TOTP secrets). */
  readonly random: (size: number) => Uint8Array;
};
