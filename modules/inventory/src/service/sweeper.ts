import type { Logger } from 'pino';

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
          () => undefined,
          (error: unknown) => logger.warn({ err: error }, 'reservation sweep failed; retrying at the next tick'),
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
