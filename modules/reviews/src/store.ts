/**
 * All SQL of the reviews module, by concern. Every function takes a `Queryable` (the Db
 * or a transaction), so the service decides transaction boundaries.
 */
export * from './store/purchases.ts';
export * from './store/ratings.ts';
export * from './store/reviews.ts';
