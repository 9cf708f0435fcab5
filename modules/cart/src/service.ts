import type { CartApi } from './contract.ts';
import { checkoutService } from './service/checkout.ts';
import type { CartDeps } from './service/deps.ts';
import { discountAdminService } from './service/discount-admin.ts';
import { discountService } from './service/discounts.ts';
import { itemService } from './service/items.ts';
import { mergeService } from './service/merge.ts';
import { readService } from './service/read.ts';
import { sweepExpired } from './service/sweeper.ts';

export type { CartDeps } from './service/deps.ts';

/** The cart's use cases, by concern. */
export function createCartService(deps: CartDeps): CartApi {
  const reads = readService(deps);
  const items = itemService(deps);
  const checkout = checkoutService(deps);
  const discounts = discountService(deps);
  const discountAdmin = discountAdminService(deps);
  return {
    createCart: reads.createCart,
    getCart: reads.getCart,
    getCurrentCart: reads.getCurrentCart,
    priceCart: reads.priceCart,
    addItem: items.addItem,
    updateItem: items.updateItem,
    removeItem: items.removeItem,
    mergeCarts: mergeService(deps).mergeCarts,
    markCheckedOut: checkout.markCheckedOut,
    reopenCart: checkout.reopenCart,
    sweepExpired: sweepExpired(deps),
    applyDiscount: discounts.applyDiscount,
    removeDiscount: discounts.removeDiscount,
    createDiscount: discountAdmin.createDiscount,
    listDiscounts: discountAdmin.listDiscounts,
    updateDiscount: discountAdmin.updateDiscount,
  };
}
