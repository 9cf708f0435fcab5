/**
 * A bounded pool of async workers for multi-step flows (a buyer's cart and checkout),
 * which autocannon's one-request model fits badly. Each worker runs iterations one
 * after another until the deadline passes or the pool has started `iterationsMax`
 * of them; an iteration already started when the deadline passes is finished.
 */
export type PoolSettings = {
  readonly workers: number;
  readonly durationMs: number;
  readonly iterationsMax: number;
  /** One iteration; `index` counts the pool's iterations from 0. A throw stops the pool. */
  readonly iteration: (worker: number, index: number) => Promise<void>;
  /** For tests; `performance.now` by default. */
  readonly now?: () => number;
};

export type PoolRun = {
  /** Iterations started (and, since the pool waits for them, finished). */
  readonly iterations: number;
  /** From the start to the last iteration's end. */
  readonly elapsedMs: number;
};

export const poolWorkersMax = 10_000;

export async function runPool(settings: PoolSettings): Promise<PoolRun> {
  const { workers, durationMs, iterationsMax, iteration } = settings;
  if (!Number.isInteger(workers) || workers < 1 || workers > poolWorkersMax) {
    throw new RangeError(`a pool needs 1 to ${poolWorkersMax} workers, got ${workers}`);
  }
  if (!(durationMs >= 0) || !Number.isInteger(iterationsMax) || iterationsMax < 0) {
    throw new RangeError('a pool needs a duration and an iteration count of at least 0');
  }
  const now = settings.now ?? (() => performance.now());
  const startedMs = now();
  const deadlineMs = startedMs + durationMs;
  let started = 0;
  let failed = false;
  const work = async (worker: number) => {
    while (!failed && started < iterationsMax && now() < deadlineMs) {
      const index = started;
      started += 1;
      try {
        await iteration(worker, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, worker) => work(worker)));
  return { iterations: started, elapsedMs: now() - startedMs };
}
