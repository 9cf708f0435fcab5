import { assert, fail, ok, type Result } from '@mercato/platform/kernel';
import {
  type Category,
  type Product,
  type ProductPage,
  type ProductQuery,
  type VariantRef,
  variantLookupMax,
} from '../contract.ts';
import {
  facetsKey,
  filtersOf,
  type NormalizedQuery,
  normalizeQuery,
  type ProductFilters,
  pageKey,
  queryLimits,
  tsqueryText,
} from '../domain/query.ts';
import { isProductId, slugLengthMax } from '../domain/slug.ts';
import { decodeSortKeys, encodeSortKeys, keysOf, type SortKeys } from '../domain/sort-keys.ts';
import { buildCategoryTree } from '../domain/tree.ts';
import * as store from '../store.ts';
import { productKey } from './cache.ts';
import type { CatalogDeps } from './deps.ts';
import { toFacets, toProduct, toSummary, toVariantRef } from './views.ts';

/** The read side: every answer goes through the cache, keyed by the normalized request. */
export function createCatalogReads(deps: CatalogDeps) {
  const { db, cache } = deps;

  /** The tsquery of the query words, with corrections of misspelt words; null without words. */
  async function searchQuery(terms: readonly string[]): Promise<{ text: string | null }> {
    if (terms.length === 0) return { text: null };
    return cache.read(JSON.stringify(['tsquery', terms]), async () => {
      const correctable = terms.filter((term) => term.length >= queryLimits.correctableLengthMin);
      const corrected = await store.corrections(db, correctable, queryLimits.correctionsPerTermMax);
      return { text: tsqueryText(terms, corrected) };
    });
  }

  async function searchFilters(filters: ProductFilters): Promise<store.SearchFilters> {
    const { text } = await searchQuery(filters.terms);
    const { category, minPrice, maxPrice, inStock } = filters;
    return { tsquery: text, category, minPrice, maxPrice, inStock };
  }

  async function loadPage(query: NormalizedQuery, after: SortKeys | undefined): Promise<ProductPage> {
    const filters = await searchFilters(query);
    const [rows, facetRows] = await Promise.all([
      store.listSummaries(db, filters, query.sort, after, query.limit),
      cache.read(facetsKey(filtersOf(query)), () => store.facets(db, filters)),
    ]);
    const items = rows.slice(0, query.limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > query.limit && last !== undefined
        ? encodeSortKeys(keysOf(query.sort, { ...last, createdAtMs: last.createdAt.getTime() }))
        : null;
    return { items: items.map(toSummary), nextCursor, facets: toFacets(facetRows, deps.currency) };
  }

  async function getProduct(idOrSlug: string): Promise<Result<Product, 'product_not_found'>> {
    const notFound = fail('product_not_found', 'No product has this id or slug.');
    if (idOrSlug.length === 0 || idOrSlug.length > slugLengthMax) return notFound;
    const found = await cache.read(productKey(idOrSlug), async () => {
      const view = await store.productView(db, isProductId(idOrSlug) ? 'id' : 'slug', idOrSlug);
      return { product: view === undefined || view.archived ? null : toProduct(view) };
    });
    return found.product === null ? notFound : ok(found.product);
  }

  return {
    async listProducts(input: ProductQuery): Promise<Result<ProductPage, 'invalid_cursor'>> {
      const query = normalizeQuery(input);
      let after: SortKeys | undefined;
      if (query.cursor !== null) {
        after = decodeSortKeys(query.sort, query.cursor);
        if (after === undefined)
          return fail('invalid_cursor', 'The cursor is not one this list gave out for this sort order.');
      }
      return ok(await cache.read(pageKey(query), () => loadPage(query, after)));
    },

    getProduct,

    /** Not cached: a quote must carry the price of now, and it is one primary-key lookup. */
    async getVariants(variantIds: readonly string[]): Promise<VariantRef[]> {
      const distinct = [...new Set(variantIds)];
      assert(
        distinct.length <= variantLookupMax,
        `getVariants takes at most ${variantLookupMax} ids, got ${distinct.length}`,
      );
      return (await store.variantRefs(db, distinct)).map(toVariantRef);
    },

    async listCategories(): Promise<{ items: Category[] }> {
      return cache.read('categories', async () => ({ items: buildCategoryTree(await store.categoryRows(db)) }));
    },
  };
}
