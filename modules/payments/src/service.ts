import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import type { OpenAuthorizationsQuery, Payment, PaymentsApi } from './contract.ts';
import { createAuthorize } from './service/authorize.ts';
import { openAuthorizationsPageMax, type PaymentsDeps, paymentsPerOrderMax } from './service/deps.ts';
import { createCapture, createRefund, createVoid } from './service/settle.ts';
import { toPayment } from './service/views.ts';
import { findPayment, findPaymentsByOrder, listOpenAuthorizations } from './store.ts';

export type { PaymentsDeps } from './service/deps.ts';

/** The payments use cases; implements the contract's PaymentsApi. */
export function createPaymentsService(deps: PaymentsDeps): PaymentsApi {
  return {
    authorize: createAuthorize(deps),
    capture: createCapture(deps),
    void: createVoid(deps),
    refund: createRefund(deps),

    async getPayment(id: string): Promise<Result<Payment, 'payment_not_found'>> {
      const row = await findPayment(deps.db, id);
      return row === undefined ? fail('payment_not_found', 'No such payment.') : ok(toPayment(row));
    },

    async findByOrder(orderId: string): Promise<Payment[]> {
      const rows = await findPaymentsByOrder(deps.db, orderId, paymentsPerOrderMax);
      return rows.map(toPayment);
    },

    async listOpenAuthorizations(query: OpenAuthorizationsQuery): Promise<Payment[]> {
      assert(Number.isSafeInteger(query.limit) && query.limit >= 1, 'listOpenAuthorizations needs a positive limit');
      const rows = await listOpenAuthorizations(
        deps.db,
        query.olderThan,
        Math.min(query.limit, openAuthorizationsPageMax),
      );
      return rows.map(toPayment);
    },
  };
}
