import type { FastifyInstance } from 'fastify';
import { createCartState } from './cart-state.ts';
import { createStorefront } from './context.ts';
import { createGuestOrders } from './guest-orders.ts';
import { accountPages } from './pages/account.ts';
import { cartPages } from './pages/cart.ts';
import { checkoutPages } from './pages/checkout.ts';
import { homePage } from './pages/home.ts';
import { listingPages } from './pages/listing.ts';
import { orderPages } from './pages/order.ts';
import { productPage } from './pages/product.ts';
import { securityPages } from './pages/security.ts';
import type { WebShared } from './shared/index.ts';

export type StorefrontOptions = {
  /** The shop's name in titles and the header; default "Mercato". */
  readonly shopName?: string;
  /** The checkout form's default country (ISO 3166 alpha-2); default "US". */
  readonly country?: string;
};

/** The shopper's pages, each file one area of the shop. */
export function registerStorefront(
  app: FastifyInstance,
  shared: WebShared,
  options: StorefrontOptions,
  publicDirectory: string,
): void {
  const scriptUrl = shared.assets.add('app.js', `${publicDirectory}app.js`);
  const session = shared.createSession('mercato');
  const store = createStorefront({
    shared,
    session,
    cart: createCartState(shared, session),
    guestOrders: createGuestOrders(shared.jar),
    shopName: options.shopName ?? 'Mercato',
    country: options.country ?? 'US',
    scriptUrl,
  });
  homePage(app, store);
  listingPages(app, store);
  productPage(app, store);
  cartPages(app, store);
  checkoutPages(app, store);
  orderPages(app, store);
  accountPages(app, store);
  securityPages(app, store);
}
