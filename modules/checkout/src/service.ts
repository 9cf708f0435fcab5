import type { CheckoutApi } from './contract.ts';
import { fulfilOrderDefinition, fulfilOrderSaga } from './saga/fulfil-order.ts';
import { placeOrderDefinition, placeOrderSaga } from './saga/place-order.ts';
import { createAdmin } from './service/admin.ts';
import { createCheckout } from './service/checkout.ts';
import type { CheckoutDeps } from './service/deps.ts';
import { createRecovery, createReconciliation } from './service/jobs.ts';
import { createCancel, createOrderReads } from './service/orders.ts';

export type { CheckoutDeps, Participants } from './service/deps.ts';

/** The checkout's use cases, one file each under `service/`, put together as its API. */
export function createCheckoutService(deps: CheckoutDeps): CheckoutApi {
  const placeOrder = placeOrderDefinition(deps);
  const fulfilOrder = fulfilOrderDefinition(deps);
  const reads = createOrderReads(deps);
  const admin = createAdmin(deps, fulfilOrder, reads.view);
  return {
    checkout: createCheckout(deps, placeOrder),
    getOrder: reads.getOrder,
    listOrders: reads.listOrders,
    cancelOrder: createCancel(deps, placeOrder, reads.view),
    adminListOrders: reads.adminListOrders,
    adminGetOrder: reads.adminGetOrder,
    fulfillOrder: admin.fulfillOrder,
    deliverOrder: admin.deliverOrder,
    refundOrder: admin.refundOrder,
    recoverSagas: createRecovery(deps, { [placeOrderSaga]: placeOrder, [fulfilOrderSaga]: fulfilOrder }),
    reconcileAuthorizations: createReconciliation(deps),
  };
}
