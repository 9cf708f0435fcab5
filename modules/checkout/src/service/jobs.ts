import type { AnySaga } from '../saga/runner.ts';
import { findOrder } from '../store/orders.ts';
import type { CheckoutDeps } from './deps.ts';

/** The recovery poller's pass: resume sagas whose runner died (lease expired) or let go. */
export function createRecovery(deps: CheckoutDeps, definitions: Readonly<Record<string, AnySaga>>) {
  return (limit = deps.config.recoveryBatchSize) =>
    deps.runner.resumeAbandoned(definitions, Math.min(Math.max(1, limit), 500));
}

/**
 * Reconciliation: an authorization without a placed order is money held on a
 * shopper's card for nothing. It can outlive its saga when an authorize call threw but
 * reached the provider after the saga had already compensated, or when a saga was
 * wrongly left behind. Orders still pending are left to their saga, which voids on
 * its own way down.
 */
export function createReconciliation(deps: CheckoutDeps) {
  return async function reconcileAuthorizations(limit = deps.config.reconciliationBatchSize): Promise<number> {
    const olderThan = new Date(deps.clock.now().getTime() - deps.config.authorizationOrphanAfterMs);
    const open = await deps.payments.listOpenAuthorizations({ olderThan, limit: Math.min(Math.max(1, limit), 500) });
    let voided = 0;
    for (const payment of open) {
      const order = await findOrder(deps.db, payment.orderId);
      const needed =
        order !== undefined &&
        (order.status === 'pending' || (order.status === 'placed' && order.payment_id === payment.id));
      if (needed) continue;
      const result = await deps.payments.void({
        paymentId: payment.id,
        idempotencyKey: `${payment.orderId}:reconcile:${payment.id}`,
      });
      if (!result.ok) {
        deps.logger.warn(
          { paymentId: payment.id, code: result.code },
          'reconciliation could not void an orphaned authorization',
        );
        continue;
      }
      voided++;
      deps.logger.warn(
        { paymentId: payment.id, orderId: payment.orderId, orderStatus: order?.status ?? null },
        'voided an authorization without a placed order',
      );
    }
    return voided;
  };
}
