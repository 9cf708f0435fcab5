import type { Logger } from 'pino';
import { cartLimits } from '../contract.ts';
import * as store from '../store.ts';
import type { CartDeps } from './deps.ts';

/**
 * Expiry is lazy: every read and write treats a cart past `expiresAt` as gone, so an
 * idle cart stops answering at the moment it expires. The sweeper only reclaims the
 * rows, a bounded batch at a time.
 */
export function sweepExpired(deps: CartDeps) {
  return async (limit: number = deps.config.sweepBatchSize): Promise<number> => {
    const bounded = Math.max(1, Math.min(Math.trunc(limit), cartLimits.sweepBatchMax));
    return store.deleteExpired(deps.db, deps.clock.now(), bounded);
  };
}

export type Sweeper = { start(): void; stop(): Promise<void> };

/**
 * Runs `sweep` every `intervalMs` until stopped. The next sweep is scheduled only when
 * the previous one has finished, so sweeps never overlap; `stop` waits for one in flight.
 * A failed sweep is logged and the timer carries on (the database may be back next time).
 */
export function createSweeper(sweep: () => Promise<number>, intervalMs: number, logger: Logger): Sweeper {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = sweep()
        .then(
          (deleted) => {
            if (deleted > 0) logger.info({ deleted }, 'expired carts deleted');
          },
          (error: unknown) => logger.warn({ err: error }, 'cart sweep failed; retrying at the next tick'),
        )
        .finally(() => {
          running = undefined;
          schedule();
        });
    }, intervalMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped || intervalMs === 0) return;
      stopped = false;
      schedule();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
