import type { Tx } from '../db/port.ts';

/** Who did a staff write. */
export type AuditActor = { readonly id: string; readonly role?: string };

/** One staff write: who, what, when (filled in), before and after. */
export type AuditEntry = {
  readonly actor: AuditActor;
  /** `<module>.<verb>_<noun>`, e.g. `catalog.update_product`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  /** The entity as it was, or null for a creation. */
  readonly before: unknown;
  /** The entity as it is now, or null for a deletion. */
  readonly after: unknown;
  readonly requestId?: string;
};

export type AuditRecord = AuditEntry & { readonly id: string; readonly module: string; readonly occurredAt: string };

/**
 * Records staff writes in the calling module's own `audit_log` table, inside the
 * transaction of the write itself, so a change and its audit record commit together.
 */
export interface AuditLog {
  record(tx: Tx, entry: AuditEntry): Promise<void>;
}
