import { setTimeout as delay } from 'node:timers/promises';
import { type PeriodicJob, periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { CheckoutConfig } from './config.ts';
import type { CheckoutApi } from './contract.ts';
import type { SagaRunner } from './saga/runner.ts';

/**
 * The checkout's background work: the recovery poller (sagas whose runner died,
 * refunds a crash left pending) and the reconciliation of orphaned authorizations.
 * Stopping also lets the sagas under way reach a step boundary.
 */
export function checkoutJobs(
  api: CheckoutApi,
  runner: SagaRunner,
  config: CheckoutConfig,
  logger: Logger,
): PeriodicJob {
  // Both run at start too: a restart resumes what a crash left behind at once.
  const recovery = periodicJob(
    'checkout.recovery',
    async () => [await api.recoverSagas(), await api.recoverRefunds()],
    config.recoveryIntervalMs,
    logger,
    { runAtStart: true },
  );
  const reconciliation = periodicJob(
    'checkout.reconciliation',
    () => api.reconcileAuthorizations(),
    config.reconciliationIntervalMs,
    logger,
    { runAtStart: true },
  );
  return {
    start() {
      recovery.start();
      reconciliation.start();
    },
    async stop() {
      // Timers end at once; a pass under way ends when its sagas reach a step boundary.
      const jobs = Promise.all([recovery.stop(), reconciliation.stop()]);
      await runner.stop(config.stopTimeoutMs);
      await Promise.race([jobs, delay(config.stopTimeoutMs, undefined, { ref: false })]);
    },
  };
}
