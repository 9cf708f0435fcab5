import type { ProductQuery, ProductSort } from '../contract.ts';

/** Limits of a product search. */
export const queryLimits = Object.freeze({
  queryLengthMax: 200,
  termsMax: 8,
  termLengthMax: 40,
  /** Shorter words are matched as prefixes only, never corrected (too many neighbours). */
  correctableLengthMin: 3,
  correctionsPerTermMax: 2,
  pageSizeDefault: 20,
  pageSizeMax: 100,
  priceMax: Number.MAX_SAFE_INTEGER,
});

/** What narrows the result; two queries with equal filters have equal facets. */
export type ProductFilters = {
  readonly terms: readonly string[];
  readonly category: string | null;
  readonly minPrice: number | null;
  readonly maxPrice: number | null;
  readonly inStock: boolean;
};

export type NormalizedQuery = ProductFilters & {
  readonly sort: ProductSort;
  readonly limit: number;
  readonly cursor: string | null;
};

/**
 * Words of a search: accents dropped, lowercased, split on anything that is not a
 * letter or digit, duplicates removed, bounded in number and length. Only letters and
 * digits survive, so a term can be placed in a tsquery without escaping.
 */
export function searchTerms(q: string): string[] {
  const words = q
    .slice(0, queryLimits.queryLengthMax)
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, queryLimits.termLengthMax));
  return [...new Set(words)].slice(0, queryLimits.termsMax);
}

function bound(value: number | undefined): number | null {
  if (value === undefined || !Number.isFinite(value)) return null;
  return Math.min(Math.max(Math.trunc(value), 0), queryLimits.priceMax);
}

/**
 * One canonical form per meaning, so equivalent queries share a cache entry. Relevance
 * needs words to rank by: without a query it falls back to newest.
 */
export function normalizeQuery(query: ProductQuery): NormalizedQuery {
  const terms = searchTerms(query.q ?? '');
  const requested = query.sort ?? (terms.length > 0 ? 'relevance' : 'newest');
  const limit = Math.trunc(query.limit ?? queryLimits.pageSizeDefault);
  const category = query.category?.trim().toLowerCase();
  return {
    terms,
    category: category === undefined || category === '' ? null : category,
    minPrice: bound(query.minPrice),
    maxPrice: bound(query.maxPrice),
    inStock: query.inStock === true,
    sort: requested === 'relevance' && terms.length === 0 ? 'newest' : requested,
    limit: Math.min(Math.max(Number.isFinite(limit) ? limit : queryLimits.pageSizeDefault, 1), queryLimits.pageSizeMax),
    cursor: query.cursor === undefined || query.cursor === '' ? null : query.cursor,
  };
}

export function filtersOf(query: NormalizedQuery): ProductFilters {
  const { terms, category, minPrice, maxPrice, inStock } = query;
  return { terms, category, minPrice, maxPrice, inStock };
}

/** Cache keys: the normalized values in a fixed order. */
export function pageKey(query: NormalizedQuery): string {
  return JSON.stringify(['page', ...filterValues(query), query.sort, query.limit, query.cursor]);
}

export function facetsKey(filters: ProductFilters): string {
  return JSON.stringify(['facets', ...filterValues(filters)]);
}

function filterValues(filters: ProductFilters): unknown[] {
  return [filters.terms, filters.category, filters.minPrice, filters.maxPrice, filters.inStock];
}

/** Letters and digits only: nothing a tsquery parser would read as an operator. */
const wordPattern = /^[\p{L}\p{N}]+$/u;

/**
 * The tsquery text for terms and their corrections: every term must match, as itself
 * or as one of its corrections, each as a prefix (`(hedphones:* | headphones:*) & …`).
 */
export function tsqueryText(terms: readonly string[], corrections: ReadonlyMap<string, readonly string[]>): string {
  return terms
    .filter((term) => wordPattern.test(term))
    .map((term) => {
      const corrected = (corrections.get(term) ?? []).filter((word) => word !== term && wordPattern.test(word));
      const alternatives = [term, ...corrected];
      const parts = alternatives.map((word) => `${word}:*`);
      return parts.length === 1 ? parts[0] : `(${parts.join(' | ')})`;
    })
    .join(' & ');
}
