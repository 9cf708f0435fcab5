import type { CatalogApi } from './contract.ts';
import * as store from './store.ts';
import { createAddProductImage } from './service/add-image.ts';
import type { CatalogDeps } from './service/deps.ts';
import { createImportProducts } from './service/import.ts';
import { createCatalogReads } from './service/read.ts';
import { createUpdateProduct } from './service/update.ts';
import { createWrites } from './service/write.ts';

export type { CatalogDeps } from './service/deps.ts';

/** The catalog's use cases, one file each under `service/`, put together as its API. */
export function createCatalogService(deps: CatalogDeps): CatalogApi {
  const reads = createCatalogReads(deps);
  const writes = createWrites(deps);
  return {
    listProducts: reads.listProducts,
    getProduct: reads.getProduct,
    listCategories: reads.listCategories,
    getVariants: reads.getVariants,
    createCategory: writes.createCategory,
    createProduct: writes.createProduct,
    updateProduct: createUpdateProduct(deps),
    archiveProduct: writes.archiveProduct,
    addProductImage: createAddProductImage(deps),
    importProducts: createImportProducts(deps),
    countProducts: () => store.countProducts(deps.db),
  };
}
