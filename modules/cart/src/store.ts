/**
 * All SQL of the cart, by table. Every function takes a `Queryable` (the Db or a
 * transaction), so the service decides transaction boundaries.
 */
export * from './store/carts.ts';
export * from './store/discounts.ts';
export * from './store/items.ts';
