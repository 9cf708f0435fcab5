import catalog from '@mercato/catalog';
import type { Product } from '@mercato/catalog/contract';
import inventory from '@mercato/inventory';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { Authenticate, Principal } from '@mercato/platform/http';
import { type Clock, manualClock } from '@mercato/platform/kernel';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import type { CartConfig } from '../src/config.ts';
import cart from '../src/module.ts';
import { eventually, value } from '@mercato/platform/testing';

export { eventually, value } from '@mercato/platform/testing';

/** The test header the fake authenticator reads a customer id from. */
export const customerHeader = 'x-test-customer';

/** The test header the fake authenticator reads a staff role from. */
export const staffHeader = 'x-test-staff';

/** Bearer tokens the fake authenticator knows, for `probeAdminRoutes`: `test-customer`, `test-staff-<role>`. */
export const probeTokens = {
  customer: 'test-customer',
  staff: { admin: 'test-staff-admin', catalog: 'test-staff-catalog', support: 'test-staff-support' },
} as const;

/** The staff roles this fake authenticator knows (those of the customers module). */
type StaffRole = keyof typeof probeTokens.staff;
const staffRoles = Object.keys(probeTokens.staff);

function staffPrincipal(role: string): Principal | null {
  const known = staffRoles.find((staffRole) => staffRole === role);
  return known === undefined
    ? null
    : { id: `staff_${known}`, kind: 'staff', role: known, sessionId: `ses_staff_${known}` };
}

function bearerPrincipal(authorization: string | undefined): Principal | null {
  const token = authorization?.replace(/^Bearer /, '');
  if (token === probeTokens.customer) return { id: 'cus_probe', kind: 'customer', sessionId: 'ses_probe' };
  return token?.startsWith('test-staff-') ? staffPrincipal(token.slice('test-staff-'.length)) : null;
}

/**
 * Stands in for the customers module's token verifier: one header names the customer,
 * another a staff role; the probe's bearer tokens work too.
 */
export const testAuthenticate: Authenticate = async (request) => {
  const role = request.headers[staffHeader];
  if (typeof role === 'string') return staffPrincipal(role);
  const id = request.headers[customerHeader];
  if (typeof id === 'string' && id.length > 0) return { id, kind: 'customer', sessionId: `ses_${id}` };
  return bearerPrincipal(request.headers.authorization);
};

export const as = (customerId: string) => ({ [customerHeader]: customerId });
export const asStaff = (role: StaffRole) => ({ [staffHeader]: role });

export type BootOptions = { readonly clock?: Clock; readonly config?: Partial<CartConfig> };

/**
 * Catalog, inventory and cart on a fresh database of `target`, started (relays run, so
 * inventory learns of products from the catalog's events), with a manual clock.
 */
export async function bootCart(target: TestDbTarget, options: BootOptions = {}) {
  const clock = options.clock ?? manualClock(new Date());
  const db = await target.open();
  const host = await bootTestHost({
    modules: [catalog, inventory, cart],
    db,
    clock,
    config: { inventory: { sweepIntervalMs: 0 }, cart: { sweepIntervalMs: 0, ...options.config } },
    authenticate: () => testAuthenticate,
  });
  const apis = {
    catalog: apiOf(host.apis, catalog),
    inventory: apiOf(host.apis, inventory),
    cart: apiOf(host.apis, cart),
  };

  /** A product through the catalog, once inventory has opened its stock. */
  async function product(title: string, variants: { sku: string; price: number; stock: number }[]): Promise<Product> {
    const created = value(
      await apis.catalog.createProduct({
        title,
        description: `${title}.`,
        variants: variants.map((v) => ({
          sku: v.sku,
          title: `${v.sku} title`,
          options: {},
          price: { amount: v.price, currency: 'USD' },
          initialStock: v.stock,
        })),
      }),
    );
    const skus = variants.map((v) => v.sku);
    await eventually(async () => (await apis.inventory.getLevels(skus)).length === skus.length);
    return created;
  }

  return { ...host, apis, clock, product };
}

export type CartHost = Awaited<ReturnType<typeof bootCart>>;

export function codeOf(result: { ok: boolean; code?: string }): string {
  return result.ok ? 'ok' : (result.code ?? '');
}

export const usd = (amount: number) => ({ amount, currency: 'USD' });
