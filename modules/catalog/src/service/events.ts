import type { NewEvent } from '@mercato/platform/bus';
import {
  type CategoryCreatedData,
  catalogEvents,
  type Product,
  type ProductArchivedData,
  type ProductCreatedData,
  type ProductUpdatedData,
  type VariantEventData,
} from '../contract.ts';

/**
 * The catalog's published events, built from the product as it is after the write.
 * `initialStocks` holds the starting stock of variants created by this write, by SKU,
 * so that inventory can open their stock levels from the event alone.
 */
function productData(product: Product, initialStocks: ReadonlyMap<string, number>): ProductCreatedData {
  return {
    id: product.id,
    slug: product.slug,
    title: product.title,
    categoryIds: product.categories.map((category) => category.id),
    variants: product.variants.map((variant): VariantEventData => {
      const initialStock = initialStocks.get(variant.sku);
      const data = {
        id: variant.id,
        sku: variant.sku,
        title: variant.title,
        options: variant.options,
        price: variant.price,
      };
      return initialStock === undefined ? data : { ...data, initialStock };
    }),
  };
}

/** Built from what was inserted, which carries every variant's initial stock. */
export function productCreated(data: ProductCreatedData): NewEvent<ProductCreatedData> {
  return { type: catalogEvents.productCreated, data };
}

export function productUpdated(
  product: Product,
  changed: readonly string[],
  initialStocks: ReadonlyMap<string, number> = new Map(),
  archived = false,
): NewEvent<ProductUpdatedData> {
  return {
    type: catalogEvents.productUpdated,
    data: { ...productData(product, initialStocks), archived, changed: [...changed] },
  };
}

export function productArchived(product: Product): NewEvent<ProductArchivedData> {
  return { type: catalogEvents.productArchived, data: { id: product.id, slug: product.slug } };
}

export function categoryCreated(data: CategoryCreatedData): NewEvent<CategoryCreatedData> {
  return { type: catalogEvents.categoryCreated, data };
}
