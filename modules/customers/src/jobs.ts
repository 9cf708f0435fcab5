import type { PeriodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { CustomersConfig } from './config.ts';
import type { CustomersApi } from './contract.ts';

/** The customers' background work: purging expired tokens, sessions and retired keys. */
export function customersJobs(api: CustomersApi, config: CustomersConfig, logger: Logger): PeriodicJob {
  let purgeTimer: NodeJS.Timeout | undefined;
  return {
    start() {
      if (config.purgeIntervalMs === 0) return;
      purgeTimer = setInterval(() => {
        api.purgeExpired().catch((error: unknown) => logger.error({ err: error }, 'customers purge failed'));
      }, config.purgeIntervalMs);
      purgeTimer.unref();
    },
    async stop() {
      if (purgeTimer !== undefined) clearInterval(purgeTimer);
      purgeTimer = undefined;
    },
  };
}
