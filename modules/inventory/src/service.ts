import type { InventoryApi } from './contract.ts';
import { adjust } from './service/adjust.ts';
import { commitPart } from './service/commit-part.ts';
import { catalogHandlers } from './service/catalog-events.ts';
import type { InventoryDeps } from './service/deps.ts';
import { readService } from './service/read.ts';
import { reserve } from './service/reserve.ts';
import { restock } from './service/restock.ts';
import { settleService } from './service/settle.ts';

export type { InventoryDeps } from './service/deps.ts';

/** The inventory's use cases: InventoryApi, plus what its event handlers call. */
export type InventoryService = InventoryApi & { readonly catalog: ReturnType<typeof catalogHandlers> };

export function createInventoryService(deps: InventoryDeps): InventoryService {
  const settle = settleService(deps);
  const reads = readService(deps);
  return {
    reserve: reserve(deps),
    confirm: settle.confirm,
    commit: settle.commit,
    commitPart: commitPart(deps),
    release: settle.release,
    getReservation: settle.getReservation,
    sweepExpired: settle.sweepExpired,
    adjust: adjust(deps),
    restock: restock(deps),
    getLevels: reads.getLevels,
    listLevels: reads.listLevels,
    availability: reads.availability,
    catalog: catalogHandlers(deps),
  };
}
