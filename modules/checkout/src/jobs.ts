import { setTimeout as delay } from 'node:timers/promises';
import type { PeriodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import type { CheckoutConfig } from './config.ts';
import type { CheckoutApi } from './contract.ts';
import type { SagaRunner } from './saga/runner.ts';
import { periodic } from './service/jobs.ts';

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
  const recovery = periodic(
    'checkout.recovery',
    config.recoveryIntervalMs,
    async () => [await api.recoverSagas(), await api.recoverRefunds()],
    logger,
  );
  const reconciliation = periodic(
    'checkout.reconciliation',
    config.reconciliationIntervalMs,
    () => api.reconcileAuthorizations(),
    logger,
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
