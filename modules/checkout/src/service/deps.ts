import type { CartApi } from '@mercato/cart/contract';
import type { InventoryApi } from '@mercato/inventory/contract';
import type { PaymentsApi } from '@mercato/payments/contract';
import type { AuditLog } from '@mercato/platform/audit';
import type { Outbox } from '@mercato/platform/bus';
import type { Db } from '@mercato/platform/db';
import type { Clock, IdGenerator } from '@mercato/platform/kernel';
import type { ShippingApi } from '@mercato/shipping/contract';
import type { Logger } from 'pino';
import type { CheckoutConfig } from '../config.ts';
import type { SagaRunner } from '../saga/runner.ts';

/** The APIs of the modules checkout calls, through their contracts. */
export type Participants = {
  readonly cart: CartApi;
  readonly inventory: InventoryApi;
  readonly payments: PaymentsApi;
  readonly shipping: ShippingApi;
};

/** What every use case of the checkout works with; built once in module.ts. */
export type CheckoutDeps = Participants & {
  readonly db: Db;
  readonly outbox: Outbox;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly config: CheckoutConfig;
  readonly runner: SagaRunner;
};
