import { type PeriodicJob, periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { CustomersConfig } from './config.ts';
import type { CustomersApi } from './contract.ts';

/** The customers' background work: purging expired tokens, sessions and retired keys. */
export function customersJobs(api: CustomersApi, config: CustomersConfig, logger: Logger): PeriodicJob {
  return periodicJob('customers purge', () => api.purgeExpired(), config.purgeIntervalMs, logger);
}
