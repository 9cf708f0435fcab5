import { type PeriodicJob, periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { NotificationsConfig } from './config.ts';
import type { NotificationsApi } from './contract.ts';

/** The notifications' background work: the sender, at once again while a pass comes back full. */
export function notificationsJobs(api: NotificationsApi, config: NotificationsConfig, logger: Logger): PeriodicJob {
  return periodicJob(
    'notification sender',
    async () => (await api.sendDue()).claimed >= config.sendBatchSize,
    config.sendIntervalMs,
    logger,
    { runAgainWhen: (full) => full },
  );
}
