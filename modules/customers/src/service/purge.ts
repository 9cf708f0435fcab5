import * as store from '../store.ts';
import type { CustomersDeps } from './deps.ts';

const batchSize = 500;
const batchesMax = 20;
/** Retired keys are kept a day longer, for investigating tokens signed with them. */
const retiredKeyRetentionMs = 24 * 60 * 60 * 1000;

/**
 * Deletes what can no longer be used, in bounded batches: refresh tokens past their
 * expiry (spent ones are kept until then, so their reuse is recognized), sessions
 * ended or expired longer than the retention ago, and long-retired signing keys.
 */
export function createPurgeExpired(deps: CustomersDeps) {
  return async (): Promise<number> => {
    const now = deps.clock.now();
    const sessionsBefore = new Date(now.getTime() - deps.config.sessionRetentionMs);
    let deleted = 0;
    for (let batch = 0; batch < batchesMax; batch++) {
      const tokens = await store.purgeRefreshTokens(deps.db, now, batchSize);
      const sessions = await store.purgeSessions(deps.db, sessionsBefore, batchSize);
      deleted += tokens + sessions;
      if (tokens < batchSize && sessions < batchSize) break;
    }
    deleted += await store.purgeKeys(deps.db, new Date(now.getTime() - retiredKeyRetentionMs));
    return deleted;
  };
}
