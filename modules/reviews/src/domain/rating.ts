import type { ProductRatingData } from '../contract.ts';

/** `sum / count` rounded half up to two decimals (as the catalog's generated column does); 0 without reviews. */
export function averageOf(count: number, sum: number): number {
  if (count === 0) return 0;
  return Math.round((sum * 100) / count) / 100;
}

/** The aggregate row as events carry it. */
export function productRating(row: { count: number; sum: number; version: number }): ProductRatingData {
  return { count: row.count, sum: row.sum, average: averageOf(row.count, row.sum), version: row.version };
}
