import type { FastifyInstance } from 'fastify';
import type { IdempotencyStore } from './store.ts';

const purgeBatchSize = 500;
/** At most this many batches per tick, so one tick never holds the database for long. */
const purgeBatchesMax = 20;

/** Deletes expired keys in bounded batches; returns how many. */
export async function purgeExpiredKeys(store: IdempotencyStore): Promise<number> {
  let deleted = 0;
  for (let batch = 0; batch < purgeBatchesMax; batch++) {
    const count = await store.purgeExpired(purgeBatchSize);
    deleted += count;
    if (count < purgeBatchSize) break;
  }
  return deleted;
}

/** Runs the purge every `intervalMs` from `onReady` to `onClose`; ticks never overlap. */
export function startPurge(app: FastifyInstance, store: IdempotencyStore, intervalMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      if (running) return;
      running = true;
      purgeExpiredKeys(store)
        .then((deleted) => {
          if (deleted > 0) app.log.debug({ deleted }, 'purged expired idempotency keys');
        })
        .catch((error: unknown) => app.log.warn({ err: error }, 'could not purge expired idempotency keys'))
        .finally(() => {
          running = false;
        });
    }, intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
  });
}
