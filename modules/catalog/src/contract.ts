/**
 * The catalog's contract: what other modules, the app and the seeder may see.
 * Read shapes are TypeBox schemas (they validate and serialize HTTP answers and feed
 * the OpenAPI document); their TypeScript types are derived from them. Write inputs
 * are plain types; the service validates them (domain/product.ts).
 */
import type { Failure, Money, Result } from '@mercato/platform/kernel';
import { MoneySchema } from '@mercato/platform/http';
import { type Static, Type } from 'typebox';

// ── Read shapes (API.md "Catalog") ──────────────────────────────────────────────

export const RatingSchema = Type.Object({
  /** Mean of the ratings, two decimals; 0 when there are none. */
  average: Type.Number(),
  count: Type.Integer(),
});

export const ProductSummarySchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  title: Type.String(),
  /** The lowest variant price. */
  price: MoneySchema,
  /** `/images/<hash>/thumb.webp` of the first image, null without images. */
  thumbnailUrl: Type.Union([Type.String(), Type.Null()]),
  rating: RatingSchema,
  inStock: Type.Boolean(),
});
export type ProductSummary = Static<typeof ProductSummarySchema>;

export const VariantSchema = Type.Object({
  id: Type.String(),
  sku: Type.String(),
  title: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  price: MoneySchema,
  /** The catalog's read model of stock (fed by inventory.stock_changed). */
  available: Type.Integer(),
});
export type Variant = Static<typeof VariantSchema>;

export const CategoryRefSchema = Type.Object({ id: Type.String(), slug: Type.String(), name: Type.String() });
export type CategoryRef = Static<typeof CategoryRefSchema>;

export const ProductSchema = Type.Object({
  ...ProductSummarySchema.properties,
  description: Type.String(),
  /** URLs of the 800px renditions, in order; `thumb` and `original` sit beside them. */
  images: Type.Array(Type.String()),
  categories: Type.Array(CategoryRefSchema),
  variants: Type.Array(VariantSchema),
});
export type Product = Static<typeof ProductSchema>;

/** A node of the category tree; `productCount` includes every descendant's products. */
export type Category = {
  id: string;
  slug: string;
  name: string;
  parentId: string | null;
  productCount: number;
  children: Category[];
};
export const CategorySchema = Type.Cyclic(
  {
    Category: Type.Object({
      id: Type.String(),
      slug: Type.String(),
      name: Type.String(),
      parentId: Type.Union([Type.String(), Type.Null()]),
      productCount: Type.Integer(),
      children: Type.Array(Type.Ref('Category')),
    }),
  },
  'Category',
);

export const FacetsSchema = Type.Object({
  /** Products of the filtered result in each category's subtree, largest first (at most 50). */
  categories: Type.Array(Type.Object({ slug: Type.String(), name: Type.String(), count: Type.Integer() })),
  /** Lowest and highest product price of the filtered result; null when it is empty. */
  price: Type.Object({
    min: Type.Union([MoneySchema, Type.Null()]),
    max: Type.Union([MoneySchema, Type.Null()]),
  }),
  /** Rated products by whole stars of their average (floor), 5 down to 1. */
  rating: Type.Array(Type.Object({ stars: Type.Integer(), count: Type.Integer() })),
});
export type Facets = Static<typeof FacetsSchema>;

export const ProductPageSchema = Type.Object({
  items: Type.Array(ProductSummarySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  facets: FacetsSchema,
});
export type ProductPage = Static<typeof ProductPageSchema>;

/**
 * A variant as another module quotes it (the cart keeps a copy on its line): the
 * current price and the titles to show. Only variants of active products.
 */
export type VariantRef = {
  readonly variantId: string;
  readonly productId: string;
  readonly productSlug: string;
  readonly productTitle: string;
  readonly variantTitle: string;
  readonly sku: string;
  readonly price: Money;
  /** `/images/<hash>/thumb.webp` of the product's first image, null without images. */
  readonly thumbnailUrl: string | null;
};

/** Variant ids one `getVariants` call may ask about. */
export const variantLookupMax = 100;

export const productSorts = ['relevance', 'price_asc', 'price_desc', 'newest', 'rating'] as const;
export type ProductSort = (typeof productSorts)[number];

/** `GET /api/products` query. `inStock: false` means "no stock filter". */
export type ProductQuery = {
  q?: string;
  /** Category slug; matches the category and all its descendants. */
  category?: string;
  /** Bounds on the lowest variant price, in minor units, inclusive. */
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  /** Default: `relevance` when `q` is given, `newest` otherwise. */
  sort?: ProductSort;
  limit?: number;
  cursor?: string;
};

// ── Write inputs (the seeder and the admin API code against these) ──────────────

export type NewCategory = { slug: string; name: string; parentId?: string | null; position?: number };
export type NewVariant = {
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  initialStock?: number;
};
/** The body of POST /api/admin/products. */
export type NewProduct = {
  title: string;
  slug?: string;
  description: string;
  categoryIds?: string[];
  variants: NewVariant[];
};
export type NewImage = { bytes: Uint8Array; contentType: string };
/** Bulk import row for seeding: a product plus its source images (not exposed over HTTP). */
export type ImportProduct = NewProduct & { images?: NewImage[]; createdAt?: Date };

/** A change to an existing variant, by id; absent fields stay as they are. */
export type VariantPatch = { id: string; title?: string; options?: Record<string, string>; price?: Money };
/** Absent fields stay as they are. `categoryIds` replaces the product's categories. */
export type ProductPatch = {
  title?: string;
  description?: string;
  slug?: string;
  categoryIds?: string[];
  variants?: VariantPatch[];
  newVariants?: NewVariant[];
};

/** A staff member making a write (from the request's principal). */
export type Actor = { readonly id: string; readonly role?: string };

/**
 * Options of every single-product and category write. A write with an `actor` is a
 * staff write: it records who did it, before and after in the catalog's audit log, in
 * the write's own transaction. Writes without one (tests, tools) record nothing.
 */
export type WriteOptions = { readonly actor?: Actor; readonly requestId?: string };

/** Audit `action`s of the catalog's staff writes. */
export const catalogAuditActions = {
  createCategory: 'catalog.create_category',
  createProduct: 'catalog.create_product',
  updateProduct: 'catalog.update_product',
  archiveProduct: 'catalog.archive_product',
  addProductImage: 'catalog.add_product_image',
} as const;

// ── Failure codes ───────────────────────────────────────────────────────────────

export type CatalogWriteCode = 'slug_taken' | 'sku_taken' | 'category_not_found' | 'invalid_product';
export type CategoryWriteCode = 'slug_taken' | 'category_not_found' | 'invalid_category';
export type ImageCode = 'image_invalid' | 'image_too_large';
export type CatalogCode =
  | CatalogWriteCode
  | CategoryWriteCode
  | ImageCode
  | 'too_many_images'
  | 'product_not_found'
  | 'invalid_cursor';
export type CatalogFailure = Failure<CatalogCode>;

// ── The API ─────────────────────────────────────────────────────────────────────

export interface CatalogApi {
  /** Active products matching the query, one keyset page, with facets over the whole result. */
  listProducts(query: ProductQuery): Promise<Result<ProductPage, 'invalid_cursor'>>;
  /** An active product by id (`prod_…`) or slug. */
  getProduct(idOrSlug: string): Promise<Result<Product, 'product_not_found'>>;
  /**
   * Quotes variants by id (at most `variantLookupMax`, duplicates counted once) in one
   * indexed query, bypassing the read cache so a price is never stale. Variants of
   * archived products and unknown ids are left out; the order of the answer is unspecified.
   */
  getVariants(variantIds: readonly string[]): Promise<VariantRef[]>;
  /** The category tree. */
  listCategories(): Promise<{ items: Category[] }>;

  createCategory(input: NewCategory, options?: WriteOptions): Promise<Result<Category, CategoryWriteCode>>;
  createProduct(input: NewProduct, options?: WriteOptions): Promise<Result<Product, CatalogWriteCode>>;
  /** Changes an active product; an empty patch changes (and records) nothing. */
  updateProduct(
    id: string,
    patch: ProductPatch,
    options?: WriteOptions,
  ): Promise<Result<Product, CatalogWriteCode | 'product_not_found'>>;
  /** Hides the product from every read; its slug and SKUs stay reserved. Archiving twice changes nothing. */
  archiveProduct(id: string, options?: WriteOptions): Promise<Result<Product, 'product_not_found'>>;
  /** Appends an image to the product's gallery (at most 20); the same bytes twice add it once. */
  addProductImage(
    productId: string,
    image: NewImage,
    options?: WriteOptions,
  ): Promise<Result<Product, 'product_not_found' | ImageCode | 'too_many_images'>>;
  /**
   * Bulk path for seeding: one transaction per call, at most 1,000 products per call, multi-row
   * inserts, one catalog.product_created event per product through the outbox. Images are
   * content-addressed: identical source bytes are processed (thumbnails) once and shared.
   */
  importProducts(inputs: readonly ImportProduct[]): Promise<Result<{ created: number }, CatalogWriteCode | ImageCode>>;
  /** Number of products, archived included (for "seed only an empty database"). */
  countProducts(): Promise<number>;
}

// ── Events ──────────────────────────────────────────────────────────────────────

export const catalogEvents = {
  categoryCreated: 'catalog.category_created',
  productCreated: 'catalog.product_created',
  productUpdated: 'catalog.product_updated',
  productArchived: 'catalog.product_archived',
  /** The catalog's stock read model changed (after inventory.stock_changed). */
  variantAvailabilityChanged: 'catalog.variant_availability_changed',
  /** The catalog's rating read model changed (after a reviews event with a newer aggregate). */
  productRatingChanged: 'catalog.product_rating_changed',
} as const;

/** Events the catalog consumes; the schemas below declare the fields it reads (others are ignored). */
export const consumedEvents = {
  stockChanged: 'inventory.stock_changed',
  reviewPosted: 'reviews.review_posted',
  reviewHidden: 'reviews.review_hidden',
  reviewRestored: 'reviews.review_restored',
} as const;

const Count = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

/** What the catalog reads of `inventory.stock_changed`: the SKU's total available after the change. */
export const ConsumedStockSchema = Type.Object({
  /** At most the catalog's own SKU length (`productLimits.skuLengthMax`). */
  sku: Type.String({ minLength: 1, maxLength: 64 }),
  available: Type.Integer({ minimum: Number.MIN_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER }),
});
export type StockChangedData = Static<typeof ConsumedStockSchema>;

/**
 * What the catalog reads of every reviews event: the product's whole rating aggregate
 * (count and sum of its visible ratings) at a per-product `version`. The catalog keeps
 * the aggregate of the highest version it has applied, so it converges to the owner's
 * truth however late, out of order or often the events arrive.
 */
export const ConsumedRatingSchema = Type.Object({
  productId: Type.String({ minLength: 1, maxLength: 64 }),
  productRating: Type.Object({
    count: Count,
    sum: Count,
    version: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
  }),
});
export type ReviewRatingData = Static<typeof ConsumedRatingSchema>;

/** A variant as events carry it; `initialStock` only on variants created by this write. */
export type VariantEventData = {
  id: string;
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  initialStock?: number;
};
export type CategoryCreatedData = { id: string; slug: string; name: string; parentId: string | null };
export type ProductCreatedData = {
  id: string;
  slug: string;
  title: string;
  categoryIds: string[];
  variants: VariantEventData[];
};
/** A snapshot after the change; `changed` names what changed. Archive is `archived: true`. */
export type ProductUpdatedData = ProductCreatedData & { archived: boolean; changed: string[] };
export type ProductArchivedData = { id: string; slug: string };
export type VariantAvailabilityChangedData = {
  productId: string;
  slug: string;
  sku: string;
  available: number;
  /** True when the product's `inStock` flipped, which changes lists and facets. */
  inStockChanged: boolean;
};
export type ProductRatingChangedData = { productId: string; slug: string; average: number; count: number };
