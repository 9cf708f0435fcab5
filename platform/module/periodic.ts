import type { Logger } from 'pino';

export type PeriodicJob = { start(): void; stop(): Promise<void> };

/**
 * Runs `run` every `intervalMs` until stopped (0 never starts it). The next run is
 * scheduled only when the previous one has finished, so runs never overlap; `stop`
 * waits for one in flight. A failed run is logged and the timer carries on (the
 * database may be back next time). For module background work: sweepers, purges.
 */
export function periodicJob(
  name: string,
  run: () => Promise<unknown>,
  intervalMs: number,
  logger: Logger,
): PeriodicJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = run()
        .then(
          () => undefined,
          (error: unknown) => logger.warn({ err: error, job: name }, `${name} failed; retrying at the next tick`),
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
