import { type PeriodicJob, periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { CartConfig } from './config.ts';
import type { CartApi } from './contract.ts';

/** The cart's background work: the sweeper that deletes expired carts. */
export function cartJobs(api: CartApi, config: CartConfig, logger: Logger): PeriodicJob {
  return periodicJob(
    'cart sweep',
    async () => {
      const deleted = await api.sweepExpired(config.sweepBatchSize);
      if (deleted > 0) logger.info({ deleted }, 'expired carts deleted');
    },
    config.sweepIntervalMs,
    logger,
  );
}
