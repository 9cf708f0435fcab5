import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { WebShared } from '../shared/index.ts';
import { authRoutes } from './auth.ts';
import { createAdmin } from './context.ts';
import { customerRoutes } from './customers.ts';
import { dashboardRoutes } from './dashboard.ts';
import { discountRoutes } from './discounts.ts';
import { inventoryRoutes } from './inventory.ts';
import { mailboxRoutes } from './mailbox.ts';
import { orderRoutes } from './orders.ts';
import { productEditRoutes } from './product-edit.ts';
import { productImageRoutes } from './product-images.ts';
import { productRoutes } from './products.ts';
import { reviewRoutes } from './reviews.ts';

const asset = (name: string) => fileURLToPath(new URL(`./assets/${name}`, import.meta.url));

/**
 * The staff dashboard at /admin, on the public admin API only. Called by `registerWeb`
 * inside the web plugin (cookies, form bodies, compression and the HTML error page are
 * already there). Pages are server-rendered and work without scripts; every route is
 * `auth: 'public'` at the HTTP layer because the staff session is the web layer's to
 * check: each page asks the API who is signed in, and the API enforces the roles.
 */
export async function registerAdmin(app: FastifyInstance, shared: WebShared): Promise<void> {
  const admin = createAdmin({
    web: app,
    shared,
    // Its own cookies: a staff sign-in never mixes with a shopper's session in the same browser.
    session: shared.createSession('mercato_staff'),
    stylesheetUrl: shared.assets.add('admin.css', asset('admin.css')),
    scriptUrl: shared.assets.add('admin-dashboard.js', asset('dashboard.js')),
  });
  authRoutes(admin);
  dashboardRoutes(admin);
  productRoutes(admin);
  productEditRoutes(admin);
  productImageRoutes(admin);
  inventoryRoutes(admin);
  orderRoutes(admin);
  customerRoutes(admin);
  reviewRoutes(admin);
  discountRoutes(admin);
  mailboxRoutes(admin);
}
