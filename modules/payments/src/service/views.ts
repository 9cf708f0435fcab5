import type { Payment } from '../contract.ts';
import type { PaymentRow } from '../store.ts';

/** The contract's view of a stored payment. */
export function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    method: row.method,
    amount: { amount: row.amount, currency: row.currency },
    captured: { amount: row.captured_amount, currency: row.currency },
    refunded: { amount: row.refunded_amount, currency: row.currency },
    providerReference: row.provider_reference,
    declineReason: row.decline_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
