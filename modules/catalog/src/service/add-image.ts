import { inResultTransaction } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import { catalogAuditActions, type ImageCode, type NewImage, type Product, type WriteOptions } from '../contract.ts';
import { imageUrl } from '../domain/image.ts';
import { productLimits } from '../domain/product.ts';
import * as store from '../store.ts';
import { recordStaffWrite } from './audit.ts';
import type { CatalogDeps } from './deps.ts';
import { productUpdated } from './events.ts';
import { checkImageSize, processNewImages } from './images.ts';
import { loadProduct } from './write.ts';

type AddImageCode = 'product_not_found' | ImageCode | 'too_many_images';

/**
 * Adds an image at the end of a product's gallery. The renditions are made and stored
 * before the transaction (image work is slow and the object store is not
 * transactional); a rollback leaves only content-addressed objects that a retry reuses.
 * A staff upload records the gallery before and after (800px URLs) in the audit log.
 */
export function createAddProductImage(deps: CatalogDeps) {
  return async (
    productId: string,
    image: NewImage,
    options: WriteOptions = {},
  ): Promise<Result<Product, AddImageCode>> => {
    const size = checkImageSize(image);
    if (!size.ok) return size;
    if (!(await store.productActive(deps.db, productId)))
      return fail('product_not_found', 'No active product has this id.');
    const processed = await processNewImages(deps, [image]);
    if (!processed.ok) return processed;
    const [hash] = processed.value.hashes;
    let added = false;
    const result = await inResultTransaction<Product, AddImageCode>(deps.db, async (tx) => {
      const locked = await store.lockProduct(tx, productId);
      if (locked === undefined || locked.archived) return fail('product_not_found', 'No active product has this id.');
      const hashes = await store.productImageHashes(tx, productId, productLimits.imagesMax);
      if (hash === undefined || hashes.includes(hash)) return ok(await loadProduct(tx, productId));
      if (hashes.length >= productLimits.imagesMax) {
        return fail('too_many_images', `A product has at most ${productLimits.imagesMax} images.`);
      }
      await store.insertImages(tx, processed.value.records, deps.clock.now().toISOString());
      await store.linkImages(tx, [{ productId, hash, position: hashes.length }]);
      await store.refreshSummaries(tx, [productId]);
      const product = await loadProduct(tx, productId);
      await deps.outbox.append(tx, [productUpdated(product, ['images'])]);
      await recordStaffWrite(deps, tx, options, {
        action: catalogAuditActions.addProductImage,
        entityType: 'product',
        entityId: productId,
        before: { images: hashes.map((known) => imageUrl(known, 'medium')) },
        after: { images: product.images },
      });
      added = true;
      return ok(product);
    });
    if (added) deps.cache.invalidateAll();
    return result;
  };
}
