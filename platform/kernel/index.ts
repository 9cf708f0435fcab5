export * from './assert.ts';
export * from './backoff.ts';
export * from './clock.ts';
export * from './cursor.ts';
export * from './ids.ts';
export * from './limits.ts';
export * from './money.ts';
export * from './result.ts';
