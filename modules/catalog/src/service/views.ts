import type { Category, Facets, Product, ProductSummary, VariantRef } from '../contract.ts';
import { imageUrl } from '../domain/image.ts';
import type { CategoryRecord, FacetRows, ProductView, SummaryRow, VariantRefRow } from '../store.ts';

/** Store rows to the contract's shapes. */

export function toSummary(row: SummaryRow): ProductSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    price: { amount: row.price, currency: row.currency },
    thumbnailUrl: row.thumbnailHash === null ? null : imageUrl(row.thumbnailHash, 'thumb'),
    rating: { average: row.ratingAverage, count: row.ratingCount },
    inStock: row.inStock,
  };
}

export function toProduct(view: ProductView): Product {
  return {
    id: view.id,
    slug: view.slug,
    title: view.title,
    price: { amount: view.price, currency: view.currency },
    thumbnailUrl: view.thumbnailHash === null ? null : imageUrl(view.thumbnailHash, 'thumb'),
    rating: { average: view.ratingAverage, count: view.ratingCount },
    inStock: view.inStock,
    description: view.description,
    images: view.imageHashes.map((hash) => imageUrl(hash, 'medium')),
    categories: view.categories,
    variants: view.variants,
  };
}

export function toFacets(rows: FacetRows, currency: string): Facets {
  return {
    categories: rows.categories,
    price: {
      min: rows.priceMin === null ? null : { amount: rows.priceMin, currency },
      max: rows.priceMax === null ? null : { amount: rows.priceMax, currency },
    },
    rating: rows.rating,
  };
}

/** A category just created: no products and no children yet. */
export function toNewCategory(record: CategoryRecord): Category {
  return {
    id: record.id,
    slug: record.slug,
    name: record.name,
    parentId: record.parentId,
    productCount: 0,
    children: [],
  };
}

export function toVariantRef(row: VariantRefRow): VariantRef {
  return {
    variantId: row.variantId,
    productId: row.productId,
    productSlug: row.productSlug,
    productTitle: row.productTitle,
    variantTitle: row.variantTitle,
    sku: row.sku,
    price: { amount: row.priceAmount, currency: row.currency },
    thumbnailUrl: row.thumbnailHash === null ? null : imageUrl(row.thumbnailHash, 'thumb'),
  };
}
