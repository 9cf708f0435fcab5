import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { Logger } from 'pino';
import type { PaymentProvider } from '../provider/port.ts';

/** What every use case of payments works with; built once in module.ts. */
export type PaymentsDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Never given a token or any payment input: see README "What is never logged". */
  readonly logger: Logger;
  readonly provider: PaymentProvider;
  /** Largest amount one payment may authorize, in minor units. */
  readonly amountMax: number;
};

/** Payments of one order returned by `findByOrder`. */
export const paymentsPerOrderMax = 20;
/** Largest page of `listOpenAuthorizations`. */
export const openAuthorizationsPageMax = 500;
/** Refund reasons are free text for the ledger. */
export const reasonLengthMax = 500;
