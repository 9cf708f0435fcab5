import { decodeCursor, encodeCursor } from '@mercato/platform/kernel';
import type { ProductSort } from '../contract.ts';

/**
 * Keyset pagination: a cursor carries the sort keys of the last row served, and the
 * next page starts strictly after them. Every order ends with the product id, so keys
 * are unique and a page boundary never drops or repeats a row. The first element names
 * the sort, so a cursor from one order is refused under another.
 */
export type SortKeys =
  | { readonly sort: 'newest'; readonly createdAtMs: number; readonly id: string }
  | { readonly sort: 'price_asc' | 'price_desc'; readonly price: number; readonly id: string }
  | { readonly sort: 'rating'; readonly average: number; readonly count: number; readonly id: string }
  | { readonly sort: 'relevance'; readonly score: number; readonly id: string };

/** The row fields the keys are read from. */
export type SortableRow = {
  readonly id: string;
  readonly createdAtMs: number;
  readonly price: number;
  readonly ratingAverage: number;
  readonly ratingCount: number;
  readonly score: number;
};

const tags: Record<ProductSort, string> = {
  newest: 'n',
  price_asc: 'pa',
  price_desc: 'pd',
  rating: 'r',
  relevance: 's',
};

export function keysOf(sort: ProductSort, row: SortableRow): SortKeys {
  switch (sort) {
    case 'newest':
      return { sort, createdAtMs: row.createdAtMs, id: row.id };
    case 'price_asc':
    case 'price_desc':
      return { sort, price: row.price, id: row.id };
    case 'rating':
      return { sort, average: row.ratingAverage, count: row.ratingCount, id: row.id };
    case 'relevance':
      return { sort, score: row.score, id: row.id };
  }
}

export function encodeSortKeys(keys: SortKeys): string {
  switch (keys.sort) {
    case 'newest':
      return encodeCursor([tags.newest, keys.createdAtMs, keys.id]);
    case 'price_asc':
    case 'price_desc':
      return encodeCursor([tags[keys.sort], keys.price, keys.id]);
    case 'rating':
      return encodeCursor([tags.rating, keys.average, keys.count, keys.id]);
    case 'relevance':
      return encodeCursor([tags.relevance, keys.score, keys.id]);
  }
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isRating(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 5;
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= 64;
}

/** The keys in `cursor` for `sort`, or undefined when the cursor is not one of ours for this sort. */
export function decodeSortKeys(sort: ProductSort, cursor: string): SortKeys | undefined {
  const parts = decodeCursor(cursor);
  if (parts === undefined || parts[0] !== tags[sort]) return undefined;
  const [, first, second, third] = parts;
  switch (sort) {
    case 'newest':
      return parts.length === 3 && isInteger(first) && isId(second)
        ? { sort, createdAtMs: first, id: second }
        : undefined;
    case 'price_asc':
    case 'price_desc':
      return parts.length === 3 && isInteger(first) && first >= 0 && isId(second)
        ? { sort, price: first, id: second }
        : undefined;
    case 'rating':
      return parts.length === 4 && isRating(first) && isInteger(second) && second >= 0 && isId(third)
        ? { sort, average: first, count: second, id: third }
        : undefined;
    case 'relevance':
      return parts.length === 3 && isInteger(first) && isId(second) ? { sort, score: first, id: second } : undefined;
  }
}
