export * from './audit.ts';
export type * from './port.ts';
