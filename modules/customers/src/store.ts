/**
 * All SQL of the customers module, by table. Every function takes a `Queryable` (the
 * Db or a transaction), so the service decides transaction boundaries.
 */
export * from './store/accounts.ts';
export * from './store/keys.ts';
export * from './store/sessions.ts';
