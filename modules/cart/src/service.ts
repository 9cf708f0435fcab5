import type { CartApi } from './contract.ts';
import { createCheckoutFreeze } from './service/checkout.ts';
import type { CartDeps } from './service/deps.ts';
import { createDiscountAdmin } from './service/discount-admin.ts';
import { createDiscounts } from './service/discounts.ts';
import { createItems } from './service/items.ts';
import { createMerge } from './service/merge.ts';
import { createCartReads } from './service/read.ts';
import { createSweepExpired } from './service/sweeper.ts';

export type { CartDeps } from './service/deps.ts';

/** The cart's use cases, by concern. */
export function createCartService(deps: CartDeps): CartApi {
  const reads = createCartReads(deps);
  const items = createItems(deps);
  const checkout = createCheckoutFreeze(deps);
  const discounts = createDiscounts(deps);
  const discountAdmin = createDiscountAdmin(deps);
  return {
    createCart: reads.createCart,
    getCart: reads.getCart,
    getCurrentCart: reads.getCurrentCart,
    priceCart: reads.priceCart,
    addItem: items.addItem,
    updateItem: items.updateItem,
    removeItem: items.removeItem,
    mergeCarts: createMerge(deps).mergeCarts,
    markCheckedOut: checkout.markCheckedOut,
    reopenCart: checkout.reopenCart,
    sweepExpired: createSweepExpired(deps),
    applyDiscount: discounts.applyDiscount,
    removeDiscount: discounts.removeDiscount,
    createDiscount: discountAdmin.createDiscount,
    listDiscounts: discountAdmin.listDiscounts,
    updateDiscount: discountAdmin.updateDiscount,
  };
}
