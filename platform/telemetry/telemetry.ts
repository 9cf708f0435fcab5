import { trace, type Tracer } from '@opentelemetry/api';
import type { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { pino, type Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { setupTracing, type TracingMode } from './tracing.ts';

export type TelemetryOptions = {
  readonly serviceName: string;
  /** A pino level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'. */
  readonly logLevel: string;
  /** Where JSON log lines go; standard output when absent. */
  readonly logStream?: NodeJS.WritableStream;
  readonly tracing: TracingMode;
};

export type Telemetry = {
  readonly serviceName: string;
  readonly logger: Logger;
  /** This process's registry (not prom-client's global one). */
  readonly metrics: Registry;
  readonly tracer: Tracer;
  readonly tracerProvider: NodeTracerProvider;
  /** Finished spans when `tracing` is 'memory'; for tests. */
  readonly spans?: InMemorySpanExporter;
  /** Flushes and stops tracing. Idempotent. */
  shutdown(): Promise<void>;
};

/**
 * Adds the active span's ids to every log line, so logs and traces join on traceId.
 * Returns a fresh object each time: pino merges the line's fields into it.
 */
function traceMixin(): object {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

/** Error fields safe to log: what went wrong and where, never the values involved. */
const loggedErrorFields = ['type', 'message', 'stack', 'code', 'constraint', 'schema', 'table', 'column', 'routine'];

/**
 * Logged errors keep an allow-list of fields. Database errors carry the failing query's
 * parameters and a `detail` that quotes row values (`Key (email)=(…) already exists`):
 * emails and addresses that must not reach the logs.
 */
function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  return Object.fromEntries(
    loggedErrorFields.filter((field) => serialized[field] !== undefined).map((field) => [field, serialized[field]]),
  );
}

function createLogger(options: TelemetryOptions): Logger {
  const settings = {
    level: options.logLevel,
    base: { service: options.serviceName },
    mixin: traceMixin,
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: { err: serializeError },
    // Never let credentials reach the logs, even if someone logs raw headers.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  return options.logStream === undefined ? pino(settings) : pino(settings, options.logStream);
}

/** How often the event-loop delay is sampled. */
const eventLoopResolutionMs = 10;

/** One logging, metrics and tracing setup, made once per process by the app. */
export function createTelemetry(options: TelemetryOptions): Telemetry {
  const logger = createLogger(options);
  const metrics = new Registry();
  // The defaults include event-loop lag from perf_hooks.monitorEventLoopDelay, sampled
  // every 10 ms: nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds.
  collectDefaultMetrics({ register: metrics, eventLoopMonitoringPrecision: eventLoopResolutionMs });
  const tracing = setupTracing(options.tracing);
  let stopped: Promise<void> | undefined;
  return {
    serviceName: options.serviceName,
    logger,
    metrics,
    tracer: tracing.provider.getTracer(options.serviceName),
    tracerProvider: tracing.provider,
    ...(tracing.spans === undefined ? {} : { spans: tracing.spans }),
    shutdown() {
      stopped ??= (async () => {
        await tracing.shutdown();
        logger.flush();
      })();
      return stopped;
    },
  };
}
