import { type PeriodicJob, periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { InventoryConfig } from './config.ts';
import type { InventoryApi } from './contract.ts';

/** The inventory's background work: the sweeper that releases expired reservations. */
export function inventoryJobs(api: InventoryApi, config: InventoryConfig, logger: Logger): PeriodicJob {
  return periodicJob(
    'reservation sweep',
    () => api.sweepExpired(config.sweepBatchSize),
    config.sweepIntervalMs,
    logger,
  );
}
