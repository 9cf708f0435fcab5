import type { Logger } from 'pino';

export type Ticker = { start(): void; stop(): Promise<void> };

/**
 * Runs `work` every `intervalMs` until stopped; at once again when a pass was full
 * (`work` answers true), so a backlog drains without waiting a tick per batch. Passes
 * never overlap; `stop` waits for the one in flight. A failed pass is logged and the
 * timer carries on (the database or mail server may be back next time).
 */
export function createTicker(work: () => Promise<boolean>, intervalMs: number, logger: Logger): Ticker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = true;

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      let full = false;
      running = work()
        .then(
          (more) => {
            full = more;
          },
          (error: unknown) => logger.warn({ err: error }, 'notification sender pass failed; retrying at the next tick'),
        )
        .finally(() => {
          running = undefined;
          schedule(full ? 0 : intervalMs);
        });
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped || intervalMs === 0) return;
      stopped = false;
      schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
