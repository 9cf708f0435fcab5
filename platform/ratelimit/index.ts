export * from './memory.ts';
export type * from './port.ts';
