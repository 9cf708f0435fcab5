import type { InventoryApi } from './contract.ts';
import { createAdjust } from './service/adjust.ts';
import { createCommitPart } from './service/commit-part.ts';
import type { InventoryDeps } from './service/deps.ts';
import { createLevelReads } from './service/read.ts';
import { createReserve } from './service/reserve.ts';
import { createRestock } from './service/restock.ts';
import { createSettlement } from './service/settle.ts';

export type { InventoryDeps } from './service/deps.ts';

/** The inventory's use cases, one file each under `service/`, put together as its API. */
export function createInventoryService(deps: InventoryDeps): InventoryApi {
  const settlement = createSettlement(deps);
  const reads = createLevelReads(deps);
  return {
    reserve: createReserve(deps),
    confirm: settlement.confirm,
    commit: settlement.commit,
    commitPart: createCommitPart(deps),
    release: settlement.release,
    getReservation: settlement.getReservation,
    sweepExpired: settlement.sweepExpired,
    adjust: createAdjust(deps),
    restock: createRestock(deps),
    getLevels: reads.getLevels,
    listLevels: reads.listLevels,
    availability: reads.availability,
  };
}
