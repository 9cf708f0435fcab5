/**
 * All SQL of the inventory, by concern. Every function takes a `Queryable` (the Db or a
 * transaction), so the service decides transaction boundaries.
 */
export * from './store/adjustments.ts';
export * from './store/commits.ts';
export * from './store/levels.ts';
export * from './store/listing.ts';
export * from './store/reservations.ts';
