import type { FastifyInstance } from 'fastify';
import { periodicJob } from '../../module/periodic.ts';
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

/**
 * Runs the purge every `intervalMs` from `onReady` to `onClose` (0: never); runs never
 * overlap and `onClose` waits for one under way.
 */
export function startPurge(app: FastifyInstance, store: IdempotencyStore, intervalMs: number): void {
  const purge = periodicJob(
    'idempotency key purge',
    async () => {
      const deleted = await purgeExpiredKeys(store);
      if (deleted > 0) app.log.debug({ deleted }, 'purged expired idempotency keys');
    },
    intervalMs,
    app.log,
  );
  app.addHook('onReady', async () => purge.start());
  app.addHook('onClose', () => purge.stop());
}
