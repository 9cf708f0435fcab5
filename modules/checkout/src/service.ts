import type { CheckoutApi } from './contract.ts';
import { fulfillOrderDefinition, fulfillOrderSaga } from './saga/fulfill-order.ts';
import { placeOrderDefinition, placeOrderSaga } from './saga/place-order.ts';
import { createDeliver } from './service/admin.ts';
import { createCheckout } from './service/checkout.ts';
import type { CheckoutDeps } from './service/deps.ts';
import { createFulfill } from './service/fulfill.ts';
import { createRecovery, createReconciliation } from './service/jobs.ts';
import { createCancel, createOrderReads } from './service/orders.ts';
import { createReceiveReturn } from './service/receive-return.ts';
import { createRefunds } from './service/refunds.ts';
import { createReturns } from './service/returns.ts';

export type { CheckoutDeps, Participants } from './service/deps.ts';

/** The checkout's use cases, one file each under `service/`, put together as its API. */
export function createCheckoutService(deps: CheckoutDeps): CheckoutApi {
  const placeOrder = placeOrderDefinition(deps);
  const fulfillOrder = fulfillOrderDefinition(deps);
  const reads = createOrderReads(deps);
  const refunds = createRefunds(deps, reads.view);
  const returns = createReturns(deps);
  return {
    checkout: createCheckout(deps, placeOrder),
    getOrder: reads.getOrder,
    listOrders: reads.listOrders,
    cancelOrder: createCancel(deps, placeOrder, reads.view),
    adminListOrders: reads.adminListOrders,
    adminGetOrder: reads.adminGetOrder,
    fulfillOrder: createFulfill(deps, fulfillOrder, reads.view),
    deliverOrder: createDeliver(deps, reads.view),
    refundOrder: refunds.refundOrder,
    requestReturn: returns.requestReturn,
    adminListReturns: returns.adminListReturns,
    acceptReturn: returns.acceptReturn,
    rejectReturn: returns.rejectReturn,
    receiveReturn: createReceiveReturn(deps),
    // One definition runs every parcel's saga (`fulfill_order:<fulfillment id>`).
    recoverSagas: createRecovery(deps, { [placeOrderSaga]: placeOrder, [fulfillOrderSaga]: fulfillOrder }),
    recoverRefunds: refunds.recoverRefunds,
    reconcileAuthorizations: createReconciliation(deps),
  };
}
