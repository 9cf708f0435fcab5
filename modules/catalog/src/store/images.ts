import type { Queryable } from '@mercato/platform/db';

export type ImageRecord = {
  readonly hash: string;
  readonly width: number;
  readonly height: number;
  readonly sourceBytes: number;
};

/** The hashes among `hashes` whose renditions were already made. */
export async function knownImages(q: Queryable, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const { rows } = await q.query<{ hash: string }>(
    'SELECT hash FROM catalog.images WHERE hash = ANY($1::text[]) LIMIT $2',
    [hashes, hashes.length],
  );
  return new Set(rows.map((row) => row.hash));
}

export async function insertImages(q: Queryable, images: readonly ImageRecord[], createdAt: string): Promise<void> {
  if (images.length === 0) return;
  await q.query(
    `INSERT INTO catalog.images (hash, width, height, source_bytes, created_at)
     SELECT r.hash, r.width, r.height, r.source_bytes, $2
       FROM jsonb_to_recordset($1::text::jsonb) AS r(hash text, width integer, height integer, source_bytes integer)
     ON CONFLICT (hash) DO NOTHING`,
    [JSON.stringify(images.map((image) => ({ ...image, source_bytes: image.sourceBytes }))), createdAt],
  );
}

export type ProductImageRow = { readonly productId: string; readonly hash: string; readonly position: number };

/** Links images to products; an image already on a product stays where it is. */
export async function linkImages(q: Queryable, rows: readonly ProductImageRow[]): Promise<void> {
  if (rows.length === 0) return;
  await q.query(
    `INSERT INTO catalog.product_images (product_id, image_hash, position)
     SELECT r.product_id, r.hash, r.position
       FROM jsonb_to_recordset($1::text::jsonb) AS r(product_id text, hash text, position integer)
     ON CONFLICT (product_id, image_hash) DO NOTHING`,
    [JSON.stringify(rows.map((row) => ({ product_id: row.productId, hash: row.hash, position: row.position })))],
  );
}

export async function productImageHashes(q: Queryable, productId: string, limit: number): Promise<string[]> {
  const { rows } = await q.query<{ image_hash: string }>(
    'SELECT image_hash FROM catalog.product_images WHERE product_id = $1 ORDER BY position LIMIT $2',
    [productId, limit],
  );
  return rows.map((row) => row.image_hash);
}
