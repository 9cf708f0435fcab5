import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import { notificationsLimits } from '../contract.ts';
import type { AlertState } from '../domain/low-stock.ts';

export type VariantRecord = {
  readonly variantId: string;
  readonly productId: string;
  readonly sku: string;
  readonly productTitle: string;
  readonly variantTitle: string;
  readonly archived: boolean;
};

/**
 * Upserts variants from a product event. A row is replaced only by an event at least as
 * new as the one that wrote it, so a stale redelivery cannot roll a title back.
 */
export async function upsertVariants(q: Queryable, variants: readonly VariantRecord[], eventAt: Date): Promise<void> {
  assert(variants.length <= notificationsLimits.variantsPerEventMax, 'too many variants in one upsert');
  if (variants.length === 0) return;
  const params: unknown[] = [eventAt];
  const rows = variants.map((variant) => {
    params.push(
      variant.variantId,
      variant.productId,
      variant.sku,
      variant.productTitle,
      variant.variantTitle,
      variant.archived,
    );
    const n = params.length;
    return `($${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, $1)`;
  });
  await q.query(
    `INSERT INTO notifications.variants (variant_id, product_id, sku, product_title, variant_title, archived, event_at)
     VALUES ${rows.join(', ')}
     ON CONFLICT (variant_id) DO UPDATE
       SET product_id = EXCLUDED.product_id, sku = EXCLUDED.sku, product_title = EXCLUDED.product_title,
           variant_title = EXCLUDED.variant_title, archived = EXCLUDED.archived, event_at = EXCLUDED.event_at
     WHERE notifications.variants.event_at <= EXCLUDED.event_at`,
    params,
  );
}

type VariantRow = {
  variant_id: string;
  product_id: string;
  sku: string;
  product_title: string;
  variant_title: string;
  archived: boolean;
};

function toVariant(row: VariantRow): VariantRecord {
  return {
    variantId: row.variant_id,
    productId: row.product_id,
    sku: row.sku,
    productTitle: row.product_title,
    variantTitle: row.variant_title,
    archived: row.archived,
  };
}

export async function getVariant(q: Queryable, variantId: string): Promise<VariantRecord | undefined> {
  const { rows } = await q.query<VariantRow>(
    'SELECT variant_id, product_id, sku, product_title, variant_title, archived FROM notifications.variants WHERE variant_id = $1',
    [variantId],
  );
  return rows[0] === undefined ? undefined : toVariant(rows[0]);
}

/** Known variants among `variantIds` (at most one order's lines), by id. */
export async function variantsByIds(q: Queryable, variantIds: readonly string[]): Promise<Map<string, VariantRecord>> {
  if (variantIds.length === 0) return new Map();
  const { rows } = await q.query<VariantRow>(
    `SELECT variant_id, product_id, sku, product_title, variant_title, archived FROM notifications.variants
      WHERE variant_id = ANY($1::text[]) LIMIT $2`,
    [variantIds, variantIds.length],
  );
  return new Map(rows.map((row) => [row.variant_id, toVariant(row)]));
}

/** A variant with this SKU (the newest), for titles in staff alerts. */
export async function variantBySku(q: Queryable, sku: string): Promise<VariantRecord | undefined> {
  const { rows } = await q.query<VariantRow>(
    `SELECT variant_id, product_id, sku, product_title, variant_title, archived FROM notifications.variants
      WHERE sku = $1 ORDER BY event_at DESC LIMIT 1`,
    [sku],
  );
  return rows[0] === undefined ? undefined : toVariant(rows[0]);
}

export type OrderRecord = { readonly orderId: string; readonly number: string; readonly email: string };

/** Remembers who placed an order (the first event wins; an order's email never changes). */
export async function rememberOrder(q: Queryable, order: OrderRecord, placedAt: Date): Promise<void> {
  await q.query(
    `INSERT INTO notifications.orders (order_id, number, email, placed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (order_id) DO NOTHING`,
    [order.orderId, order.number, order.email, placedAt],
  );
}

export async function getOrder(q: Queryable, orderId: string): Promise<OrderRecord | undefined> {
  const { rows } = await q.query<{ order_id: string; number: string; email: string }>(
    'SELECT order_id, number, email FROM notifications.orders WHERE order_id = $1',
    [orderId],
  );
  const row = rows[0];
  return row === undefined ? undefined : { orderId: row.order_id, number: row.number, email: row.email };
}

/**
 * The alert state of a SKU, locked until the transaction ends: concurrent stock events
 * of one SKU are decided one after the other. A SKU seen for the first time gets a row
 * first (not low), so there is always a row to lock.
 */
export async function lockAlertState(q: Queryable, sku: string, now: Date): Promise<AlertState & { fresh: boolean }> {
  const created = await q.query(
    `INSERT INTO notifications.stock_alerts (sku, low, available, event_at, updated_at) VALUES ($1, false, 0, 'epoch', $2)
     ON CONFLICT (sku) DO NOTHING RETURNING sku`,
    [sku, now],
  );
  const { rows } = await q.query<{ low: boolean; available: number; event_at: Date }>(
    'SELECT low, available, event_at FROM notifications.stock_alerts WHERE sku = $1 FOR UPDATE',
    [sku],
  );
  const row = rows[0];
  assert(row !== undefined, `alert state of ${sku} missing right after its upsert`);
  return { low: row.low, available: row.available, eventAt: row.event_at, fresh: created.rows.length === 1 };
}

export async function saveAlertState(q: Queryable, sku: string, state: AlertState, now: Date): Promise<void> {
  await q.query(
    'UPDATE notifications.stock_alerts SET low = $2, available = $3, event_at = $4, updated_at = $5 WHERE sku = $1',
    [sku, state.low, state.available, state.eventAt, now],
  );
}
