import type { EventEnvelope } from '@mercato/platform/bus';
import type { TestDbTarget } from '@mercato/platform/db/testing';
import type { Clock } from '@mercato/platform/kernel';
import { type AnyModule, instanceOf } from '@mercato/platform/module';
import { bootTestHost } from '@mercato/platform/module/testing';
import type { InventoryConfig } from '../src/config.ts';
import type { StockLevel } from '../src/contract.ts';
import inventory from '../src/module.ts';
import { principalFromHeader, testPrincipalHeader } from '@mercato/platform/http/testing';

export { eventually, value } from '@mercato/platform/testing';

export type BootOptions = {
  readonly clock?: Clock;
  readonly config?: Partial<InventoryConfig>;
  /** Start relays and the sweeper (default false: tests step time and events by hand). */
  readonly start?: boolean;
  /** Other modules booted beside inventory (the catalog, for end-to-end openings). */
  readonly modules?: readonly AnyModule[];
};

/** The test header the fake authenticator reads a principal from: `<kind>:<id>[:<role>]`. */
export const principalHeader = testPrincipalHeader;

/** Stands in for the customers module's token verifier. */
export const testAuthenticate = principalFromHeader;

/** Inventory (and any `modules`) on a fresh database of `target`. */
export async function bootInventory(target: TestDbTarget, options: BootOptions = {}) {
  const db = await target.open();
  const host = await bootTestHost({
    modules: [...(options.modules ?? []), inventory],
    db,
    config: { inventory: { sweepIntervalMs: 0, ...options.config } },
    start: options.start ?? false,
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    authenticate: () => testAuthenticate,
  });
  const instance = instanceOf(host.host, inventory);
  return { ...host, api: instance.api, instance };
}

export type InventoryHost = Awaited<ReturnType<typeof bootInventory>>;

let eventCounter = 0;

/** Delivers a catalog product event to inventory's subscription, through an inbox row as the platform does. */
export async function deliverProduct(
  host: InventoryHost,
  variants: { sku: string; initialStock?: number }[],
  options: { type?: string; eventId?: string } = {},
): Promise<void> {
  const type = options.type ?? 'catalog.product_created';
  const subscription = host.instance.subscriptions?.find((candidate) => candidate.types.includes(type));
  if (subscription === undefined) throw new Error(`no inventory subscription for ${type}`);
  const event: EventEnvelope = {
    id: options.eventId ?? `evt_test_${++eventCounter}`,
    type,
    version: 1,
    occurredAt: new Date().toISOString(),
    traceparent: null,
    data: { id: `prod_${eventCounter}`, slug: 'p', title: 'P', categoryIds: [], variants },
  };
  await host.db.transaction(async (tx) => {
    const claimed = await tx.query(
      'INSERT INTO inventory.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id',
      [subscription.consumer, event.id],
    );
    if (claimed.rows.length === 1) await subscription.handle(event, tx);
  });
}

/** Events in inventory's outbox, oldest first. */
export async function outboxEvents(
  host: InventoryHost,
  type?: string,
): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await host.db.query<{ type: string; data: Record<string, unknown> }>(
    `SELECT type, data FROM inventory.outbox ${type === undefined ? '' : 'WHERE type = $1'} ORDER BY seq LIMIT 10000`,
    type === undefined ? [] : [type],
  );
  return rows;
}

/** The level of a SKU at a location (loc_default unless named), straight from the table. */
export async function levelOf(
  host: InventoryHost,
  sku: string,
  locationId = 'loc_default',
): Promise<StockLevel | undefined> {
  return (await host.api.getLevels([sku])).find((level) => level.locationId === locationId);
}

/**
 * Stock invariants over the whole database: no level or total out of bounds, every
 * SKU's totals equal to the sum of its levels, and every level's `reserved` equal to
 * the units its active reservations hold there (what partial commits have not taken).
 */
export async function assertConsistent(host: InventoryHost): Promise<void> {
  const bad = await host.db.query(
    `SELECT s.sku FROM inventory.skus s
       JOIN (SELECT sku, sum(on_hand) AS on_hand, sum(reserved) AS reserved FROM inventory.stock_levels GROUP BY sku) l USING (sku)
      WHERE s.on_hand <> l.on_hand OR s.reserved <> l.reserved
     UNION ALL
     SELECT l.sku FROM inventory.stock_levels l
       LEFT JOIN (SELECT rl.sku, rl.location_id, sum(rl.quantity - rl.committed) AS held FROM inventory.reservation_lines rl
                    JOIN inventory.reservations r USING (order_id) WHERE r.status = 'active'
                   GROUP BY rl.sku, rl.location_id) h ON h.sku = l.sku AND h.location_id = l.location_id
      WHERE l.reserved <> coalesce(h.held, 0) OR l.reserved > l.on_hand OR l.reserved < 0
     LIMIT 10`,
  );
  if (bad.rows.length > 0) throw new Error(`inconsistent stock: ${JSON.stringify(bad.rows)}`);
}

export async function addLocation(host: InventoryHost, id: string): Promise<void> {
  await host.db.query('INSERT INTO inventory.locations (id, name) VALUES ($1, $1)', [id]);
}

export const staff = (role: 'admin' | 'catalog' | 'support') => ({ [principalHeader]: `staff:stf_${role}:${role}` });
