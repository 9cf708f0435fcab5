export {
  accessTokenLengthMax,
  authorizationError,
  bearerAuthentication,
  declaredRolesOnly,
  type RegisteredRoute,
  routeTable,
} from './auth.ts';
export * from './errors.ts';
export { handleError, type ValidationIssue, validationIssues } from './error-handler.ts';
export { canonicalJson, requestFingerprint } from './idempotency/fingerprint.ts';
export { purgeExpiredKeys } from './idempotency/purge.ts';
export { type ClaimOutcome, type IdempotencyStore, idempotencyStore } from './idempotency/store.ts';
export { requestIdOf } from './observability.ts';
export { actorOf, replyResult, type StaffActor } from './routes.ts';
export * from './schemas.ts';
export { createHttpServer, type HttpServerOptions, type IdempotencyOptions } from './server.ts';
export type * from './types.ts';

/** Migrations of the `platform` schema owned by this folder (idempotency keys). */
export const httpMigrations = new URL('./migrations/', import.meta.url);
