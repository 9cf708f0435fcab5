/**
 * All SQL of the catalog, by concern. Every function takes a `Queryable` (the Db or a
 * transaction), so the service decides transaction boundaries.
 */
export * from './store/categories.ts';
export * from './store/errors.ts';
export * from './store/images.ts';
export * from './store/product-view.ts';
export * from './store/products.ts';
export * from './store/read-models.ts';
export * from './store/search.ts';
export * from './store/summary.ts';
export * from './store/variant-refs.ts';
