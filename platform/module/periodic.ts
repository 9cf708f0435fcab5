import type { Logger } from 'pino';

export type PeriodicJob = { start(): void; stop(): Promise<void> };

export type PeriodicJobOptions<Outcome> = {
  /**
   * Runs once as soon as the job starts instead of one interval later: for work a
   * restart should not leave waiting (sagas a crash left behind).
   */
  readonly runAtStart?: boolean;
  /**
   * Runs again at once, without waiting an interval, when a run's outcome says more
   * work is waiting (it took a full batch), so a backlog drains without a tick per batch.
   */
  readonly runAgainWhen?: (outcome: Outcome) => boolean;
};

/**
 * Runs `run` every `intervalMs` until stopped (0 never starts it): the platform's one
 * timer loop for background work (sweepers, purges, pollers, samplers). The next run is
 * scheduled only when the previous one has finished, so runs never overlap, however
 * slow one is; `stop` waits for one in flight. A failed run is logged with `name` and
 * the timer carries on (the database may be back next time). The timer never keeps the
 * process alive.
 */
export function periodicJob<Outcome>(
  name: string,
  run: () => Promise<Outcome>,
  intervalMs: number,
  logger: Pick<Logger, 'warn'>,
  options: PeriodicJobOptions<Outcome> = {},
): PeriodicJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function runNow(): void {
    timer = undefined;
    let again = false;
    // A run that throws before its first await is a failed run too, not an uncaught error.
    running = new Promise<Outcome>((resolve) => resolve(run()))
      .then(
        (outcome) => {
          again = options.runAgainWhen?.(outcome) ?? false;
        },
        (error: unknown) => logger.warn({ err: error, job: name }, `${name} failed; retrying at the next tick`),
      )
      .finally(() => {
        running = undefined;
        schedule(again ? 0 : intervalMs);
      });
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(runNow, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped || intervalMs === 0) return;
      stopped = false;
      // A run still finishing from before a stop schedules the next one itself.
      if (running !== undefined) return;
      if (options.runAtStart === true) runNow();
      else schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
