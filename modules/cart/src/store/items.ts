import type { Queryable } from '@mercato/platform/db';
import type { LineRef } from '../domain/cart.ts';

/** The lines of a cart as the merge sees them (at most 50). */
export async function lineRefs(q: Queryable, cartId: string): Promise<LineRef[]> {
  const { rows } = await q.query<LineRef>(
    'SELECT id, variant_id AS "variantId", quantity FROM cart.items WHERE cart_id = $1 ORDER BY seq LIMIT 50',
    [cartId],
  );
  return rows;
}

export async function lineOfVariant(q: Queryable, cartId: string, variantId: string): Promise<LineRef | undefined> {
  const { rows } = await q.query<LineRef>(
    'SELECT id, variant_id AS "variantId", quantity FROM cart.items WHERE cart_id = $1 AND variant_id = $2',
    [cartId, variantId],
  );
  return rows[0];
}

export async function lineById(
  q: Queryable,
  cartId: string,
  itemId: string,
): Promise<(LineRef & { sku: string }) | undefined> {
  const { rows } = await q.query<LineRef & { sku: string }>(
    'SELECT id, variant_id AS "variantId", quantity, sku FROM cart.items WHERE id = $1 AND cart_id = $2',
    [itemId, cartId],
  );
  return rows[0];
}

export type Quote = {
  readonly variantId: string;
  readonly productId: string;
  readonly productSlug: string;
  readonly productTitle: string;
  readonly variantTitle: string;
  readonly sku: string;
  readonly thumbnailUrl: string | null;
  readonly unitPrice: number;
  readonly currency: string;
};

/**
 * Adds units to the variant's line, creating it when absent. The line takes the new
 * quote: one line has one unit price, and the latest quote is the one the buyer saw.
 */
export async function addToLine(
  q: Queryable,
  line: { id: string; cartId: string; quantity: number; addedAt: Date; quote: Quote },
): Promise<void> {
  const { quote } = line;
  await q.query(
    `INSERT INTO cart.items (id, cart_id, variant_id, product_id, product_slug, product_title, variant_title, sku,
                             thumbnail_url, quantity, unit_price, currency, added_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (cart_id, variant_id) DO UPDATE
        SET quantity = cart.items.quantity + excluded.quantity, product_id = excluded.product_id,
            product_slug = excluded.product_slug, product_title = excluded.product_title,
            variant_title = excluded.variant_title, sku = excluded.sku, thumbnail_url = excluded.thumbnail_url,
            unit_price = excluded.unit_price, currency = excluded.currency`,
    [
      line.id,
      line.cartId,
      quote.variantId,
      quote.productId,
      quote.productSlug,
      quote.productTitle,
      quote.variantTitle,
      quote.sku,
      quote.thumbnailUrl,
      line.quantity,
      quote.unitPrice,
      quote.currency,
      line.addedAt,
    ],
  );
}

export async function setQuantity(q: Queryable, cartId: string, itemId: string, quantity: number): Promise<void> {
  await q.query('UPDATE cart.items SET quantity = $3 WHERE id = $1 AND cart_id = $2', [itemId, cartId, quantity]);
}

export async function deleteLine(q: Queryable, cartId: string, itemId: string): Promise<boolean> {
  const { rowCount } = await q.query('DELETE FROM cart.items WHERE id = $1 AND cart_id = $2', [itemId, cartId]);
  return rowCount === 1;
}

/** Moves lines to another cart as they are (id, quote, quantity). */
export async function moveLines(q: Queryable, itemIds: readonly string[], toCartId: string): Promise<void> {
  if (itemIds.length === 0) return;
  await q.query('UPDATE cart.items SET cart_id = $2 WHERE id = ANY($1::text[])', [itemIds, toCartId]);
}

export async function deleteLinesOf(q: Queryable, cartId: string): Promise<void> {
  await q.query('DELETE FROM cart.items WHERE cart_id = $1', [cartId]);
}
