import type { Tx } from '@mercato/platform/db';
import type { Actor } from '../contract.ts';
import type { OrderRow } from '../store/orders.ts';
import type { CheckoutDeps } from './deps.ts';

/** What the audit log keeps of an order before and after a staff write. */
export function orderSnapshot(row: OrderRow, extra: Record<string, unknown> = {}) {
  return {
    status: row.status,
    paymentStatus: row.payment_status,
    captured: row.captured,
    refunded: row.refunded,
    carrier: row.carrier,
    trackingNumber: row.tracking_number,
    ...extra,
  };
}

/** One audit record of a staff write, in the transaction of the write. */
export async function recordStaffWrite(
  deps: Pick<CheckoutDeps, 'audit'>,
  tx: Tx,
  actor: Actor,
  entry: { action: string; entityType: 'order' | 'return'; entityId: string; before: unknown; after: unknown },
): Promise<void> {
  await deps.audit.record(tx, {
    actor: actor.role === undefined ? { id: actor.id } : { id: actor.id, role: actor.role },
    ...entry,
    ...(actor.requestId === undefined ? {} : { requestId: actor.requestId }),
  });
}
