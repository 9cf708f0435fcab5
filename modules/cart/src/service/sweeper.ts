import { cartLimits } from '../contract.ts';
import * as store from '../store.ts';
import type { CartDeps } from './deps.ts';

/**
 * Expiry is lazy: every read and write treats a cart past `expiresAt` as gone, so an
 * idle cart stops answering at the moment it expires. The sweeper only reclaims the
 * rows, a bounded batch at a time.
 */
export function createSweepExpired(deps: CartDeps) {
  return async (limit: number = deps.config.sweepBatchSize): Promise<number> => {
    const bounded = Math.max(1, Math.min(Math.trunc(limit), cartLimits.sweepBatchMax));
    return store.deleteExpired(deps.db, deps.clock.now(), bounded);
  };
}
