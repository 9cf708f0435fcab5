import type { Tx } from '@mercato/platform/db';
import { fail, ok, type Result } from '@mercato/platform/kernel';
import type { CatalogWriteCode, NewProduct, ProductCreatedData } from '../contract.ts';
import { productSlug, slugify } from '../domain/slug.ts';
import * as store from '../store.ts';
import type { CatalogDeps } from './deps.ts';

/** A product about to be inserted: its input, when it was created, and its images' hashes in order. */
export type ProductToInsert = {
  readonly input: NewProduct;
  readonly createdAt: Date;
  readonly imageHashes: readonly string[];
};

/** What was inserted, in the shape of the `catalog.product_created` event (with every variant's initial stock). */
export type InsertedProduct = ProductCreatedData;

/** Values that occur more than once in `values`. */
function repeated(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of values) (seen.has(value) ? twice : seen).add(value);
  return [...twice];
}

async function checkReferences(tx: Tx, products: readonly ProductToInsert[]): Promise<Result<void, CatalogWriteCode>> {
  const categoryIds = products.flatMap(({ input }) => input.categoryIds ?? []);
  const missing = await store.missingCategories(tx, categoryIds);
  if (missing.length > 0)
    return fail('category_not_found', 'No category has this id.', { categoryIds: missing.slice(0, 20) });
  const skus = products.flatMap(({ input }) => input.variants.map((variant) => variant.sku));
  const taken = [...repeated(skus), ...(await store.takenSkus(tx, skus))];
  if (taken.length > 0) return fail('sku_taken', 'A variant already has this SKU.', { skus: taken.slice(0, 20) });
  const explicit = products.flatMap(({ input }) => (input.slug === undefined ? [] : [input.slug]));
  const takenSlugs = [...repeated(explicit), ...(await store.takenSlugs(tx, explicit))];
  if (takenSlugs.length > 0)
    return fail('slug_taken', 'A product already has this slug.', { slugs: takenSlugs.slice(0, 20) });
  return ok(undefined);
}

/**
 * Slugs for products that did not bring one: the title's slug when free (in the
 * database and in this batch), else the title's slug with a suffix from the new id.
 */
async function assignSlugs(tx: Tx, products: readonly ProductToInsert[], ids: readonly string[]): Promise<string[]> {
  const candidates = products.flatMap(({ input }) =>
    input.slug === undefined ? [slugify(input.title)] : [input.slug],
  );
  const used = await store.takenSlugs(tx, [...new Set(candidates)]);
  for (const { input } of products) if (input.slug !== undefined) used.add(input.slug);
  return products.map(({ input }, index) => {
    if (input.slug !== undefined) return input.slug;
    const slug = productSlug(input.title, ids[index]!, (candidate) => used.has(candidate));
    used.add(slug);
    return slug;
  });
}

function plan(
  deps: CatalogDeps,
  products: readonly ProductToInsert[],
  slugs: readonly string[],
  ids: readonly string[],
): InsertedProduct[] {
  return products.map(({ input }, index) => ({
    id: ids[index]!,
    slug: slugs[index]!,
    title: input.title,
    categoryIds: [...new Set(input.categoryIds ?? [])],
    variants: input.variants.map((variant) => ({
      id: deps.ids.next('var'),
      sku: variant.sku,
      title: variant.title,
      options: { ...variant.options },
      price: { amount: variant.price.amount, currency: variant.price.currency },
      initialStock: variant.initialStock ?? 0,
    })),
  }));
}

/**
 * Inserts validated products with multi-row statements: checks references and
 * uniqueness first, then variants, category links and image links, then the product
 * rows with their summaries derived. The images themselves must already be stored.
 */
export async function insertProducts(
  tx: Tx,
  deps: CatalogDeps,
  products: readonly ProductToInsert[],
): Promise<Result<InsertedProduct[], CatalogWriteCode>> {
  const checked = await checkReferences(tx, products);
  if (!checked.ok) return checked;
  const ids = products.map(() => deps.ids.next('prod'));
  const planned = plan(deps, products, await assignSlugs(tx, products, ids), ids);
  await store.insertVariants(
    tx,
    planned.flatMap((product, index) =>
      product.variants.map((variant, position) => ({
        ...variant,
        productId: product.id,
        available: variant.initialStock ?? 0,
        position,
        createdAt: products[index]!.createdAt.toISOString(),
      })),
    ),
  );
  await store.insertProductCategories(
    tx,
    planned.flatMap((product) =>
      product.categoryIds.map((categoryId, position) => ({ productId: product.id, categoryId, position })),
    ),
  );
  await store.linkImages(
    tx,
    planned.flatMap((product, index) =>
      [...new Set(products[index]!.imageHashes)].map((hash, position) => ({ productId: product.id, hash, position })),
    ),
  );
  await store.insertProducts(
    tx,
    planned.map((product, index) => ({
      id: product.id,
      slug: product.slug,
      title: product.title,
      description: products[index]!.input.description,
      currency: deps.currency,
      createdAt: products[index]!.createdAt.toISOString(),
    })),
  );
  return ok(planned);
}
