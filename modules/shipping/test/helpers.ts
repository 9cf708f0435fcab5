import type { EventEnvelope } from '@mercato/platform/bus';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import { apiOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import type { ShippingConfig } from '../src/config.ts';
import type { BookInput, ShippingAddress } from '../src/contract.ts';
import { type ShippingModuleOptions, shippingModule } from '../src/module.ts';

export { value } from '@mercato/platform/testing';

export type BootOptions = ShippingModuleOptions & { readonly config?: Partial<ShippingConfig> };

/** The shipping module on a fresh database of `target`, relays stopped so the outbox can be read as written. */
export async function bootShipping(target: TestDbTarget, options: BootOptions = {}) {
  const shipping = shippingModule(options);
  const host = await bootTestHost({
    modules: [shipping],
    db: await target.open(),
    config: { shipping: options.config ?? {} },
    start: false,
  });
  return { ...host, api: apiOf(host.apis, shipping) };
}
export type ShippingHost = Awaited<ReturnType<typeof bootShipping>>;

export const usd = (amount: number) => ({ amount, currency: 'USD' });

export function address(overrides: Partial<ShippingAddress> = {}): ShippingAddress {
  return {
    name: 'Ada Lovelace',
    line1: '1 Analytical Way',
    city: 'Springfield',
    postalCode: '12345',
    country: 'US',
    ...overrides,
  };
}

let orders = 0;
/** A booking for a fresh order; the key is derived from the order as the saga does. */
export function bookInput(overrides: Partial<BookInput> = {}): BookInput {
  orders++;
  const orderId = `ord_ship_${process.pid}_${orders}`;
  return {
    orderId,
    method: 'standard',
    address: address(),
    items: [{ sku: 'SKU-1', quantity: 2 }],
    idempotencyKey: `${orderId}:ship`,
    ...overrides,
  };
}

export function codeOf(result: { ok: true } | { ok: false; code: string }): string {
  if (result.ok) throw new Error('expected a failure, got a success');
  return result.code;
}

/** Events of one order in the outbox, oldest first. */
export async function eventsOf(host: ShippingHost, orderId: string): Promise<EventEnvelope[]> {
  const { rows } = await host.db.query<{ id: string; type: string; version: number; data: unknown }>(
    `SELECT id, type, version, data FROM shipping.outbox WHERE data->>'orderId' = $1 ORDER BY seq LIMIT 100`,
    [orderId],
  );
  return rows.map((row) => ({ ...row, occurredAt: '', traceparent: null }));
}

export async function countShipments(host: ShippingHost, orderId: string): Promise<number> {
  const { rows } = await host.db.query<{ count: number }>(
    'SELECT count(*) AS count FROM shipping.shipments WHERE order_id = $1',
    [orderId],
  );
  return rows[0]?.count ?? 0;
}
