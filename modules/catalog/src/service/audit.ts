import type { AuditEntry } from '@mercato/platform/audit';
import type { Tx } from '@mercato/platform/db';
import type { Product, WriteOptions } from '../contract.ts';
import type { CatalogDeps } from './deps.ts';

/** A product as the audit log keeps it: what its page shows, plus whether it is archived. */
export type ProductSnapshot = Product & { archived: boolean };

export function productSnapshot(product: Product, archived: boolean): ProductSnapshot {
  return { ...product, archived };
}

/**
 * Records a staff write in the catalog's audit log, inside the write's transaction, so
 * the change and its record commit together or not at all. A write without an actor is
 * not a staff write (tests, tools) and records nothing.
 */
export async function recordStaffWrite(
  deps: CatalogDeps,
  tx: Tx,
  options: WriteOptions,
  entry: Omit<AuditEntry, 'actor' | 'requestId'>,
): Promise<void> {
  if (options.actor === undefined) return;
  await deps.audit.record(tx, {
    ...entry,
    actor: options.actor,
    ...(options.requestId === undefined ? {} : { requestId: options.requestId }),
  });
}
