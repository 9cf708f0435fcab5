import type { CatalogApi } from './contract.ts';
import * as store from './store.ts';
import { addProductImage } from './service/add-image.ts';
import type { CatalogDeps } from './service/deps.ts';
import { importProducts } from './service/import.ts';
import { readModels } from './service/read-models.ts';
import { readService } from './service/read.ts';
import { updateProduct } from './service/update.ts';
import { archiveProduct, createCategory, createProduct } from './service/write.ts';

export type { CatalogDeps } from './service/deps.ts';

/** The catalog's use cases: CatalogApi, plus what its handlers and listeners call. */
export type CatalogService = CatalogApi & {
  readonly readModels: ReturnType<typeof readModels>;
  readonly cache: CatalogDeps['cache'];
};

export function createCatalogService(deps: CatalogDeps): CatalogService {
  const reads = readService(deps);
  return {
    listProducts: reads.listProducts,
    getProduct: reads.getProduct,
    listCategories: reads.listCategories,
    getVariants: reads.getVariants,
    createCategory: createCategory(deps),
    createProduct: createProduct(deps),
    updateProduct: updateProduct(deps),
    archiveProduct: archiveProduct(deps),
    addProductImage: addProductImage(deps),
    importProducts: importProducts(deps),
    countProducts: () => store.countProducts(deps.db),
    readModels: readModels(deps),
    cache: deps.cache,
  };
}
