import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { Logger } from 'pino';
import type { Carrier } from '../carrier/port.ts';
import type { ShippingConfig } from '../config.ts';

/** What every use case of shipping works with; built once in module.ts. */
export type ShippingDeps = {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly carrier: Carrier;
  readonly config: ShippingConfig;
};

/** Lines of one shipment, and units of one line. */
export const shipmentItemsMax = 100;
export const itemQuantityMax = 9_999;
/** Carrier names and tracking numbers given at fulfillment. */
export const carrierTextLengthMax = 100;
