export * from './audit.ts';
export { AuditRecordSchema, type AuditRoutesOptions, registerAuditRoutes } from './http.ts';
export type * from './port.ts';
