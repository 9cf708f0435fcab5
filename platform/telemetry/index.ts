export { type DbTelemetry, instrumentDb } from './db.ts';
export { gaugeOf, histogramOf, latencyBucketsSeconds } from './metrics.ts';
export { createTelemetry, type Telemetry, type TelemetryOptions } from './telemetry.ts';
export { currentTraceparent, type RemoteSpanOptions, type TracingMode, withRemoteParent } from './tracing.ts';
