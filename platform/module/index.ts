export * from './config.ts';
export * from './graph.ts';
export * from './host.ts';
export * from './periodic.ts';
export * from './port.ts';
