import {
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  type SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

export type TracingMode = 'none' | 'memory';

export type TracingSetup = {
  readonly provider: NodeTracerProvider;
  /** Finished spans, when the mode is 'memory' (tests). */
  readonly spans: InMemorySpanExporter | undefined;
  shutdown(): Promise<void>;
};

let registeredProvider: NodeTracerProvider | undefined;

/**
 * The context manager and the propagator are process-wide and stateless, so the first
 * telemetry registers them and later ones reuse them. The global tracer provider
 * follows the newest telemetry (tests create several in one process); code that has
 * a telemetry at hand uses its own tracer, not the global one.
 */
function registerGlobals(provider: NodeTracerProvider): void {
  const manager = new AsyncLocalStorageContextManager();
  manager.enable();
  if (!context.setGlobalContextManager(manager)) manager.disable();
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  if (registeredProvider !== undefined) trace.disable();
  trace.setGlobalTracerProvider(provider);
  registeredProvider = provider;
}

export function setupTracing(mode: TracingMode): TracingSetup {
  const spans = mode === 'memory' ? new InMemorySpanExporter() : undefined;
  // 'none' still samples every span, so trace ids reach logs and outgoing
  // traceparent headers even when nothing is exported.
  const provider = new NodeTracerProvider({
    spanProcessors: spans === undefined ? [] : [new SimpleSpanProcessor(spans)],
  });
  registerGlobals(provider);
  return {
    provider,
    spans,
    async shutdown() {
      if (registeredProvider === provider) {
        trace.disable();
        registeredProvider = undefined;
      }
      await provider.shutdown();
    },
  };
}

const traceparentGetter = {
  get: (carrier: { traceparent: string }, key: string) => (key === 'traceparent' ? carrier.traceparent : undefined),
  keys: () => ['traceparent'],
};

/** The W3C `traceparent` of the active span, to put in outgoing calls and events; null outside a span. */
export function currentTraceparent(): string | null {
  const carrier: { traceparent?: string } = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

export type RemoteSpanOptions = { readonly kind?: SpanKind; readonly attributes?: Attributes };

/**
 * Runs `work` in a new active span whose parent is the span named by `traceparent`
 * (an event's or an inbound call's); a missing or malformed one starts a new trace.
 * The span records an exception and an error status when `work` throws.
 */
export async function withRemoteParent<T>(
  traceparent: string | null | undefined,
  name: string,
  work: (span: Span) => T | Promise<T>,
  options: RemoteSpanOptions = {},
): Promise<T> {
  const parent = traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }, traceparentGetter) : ROOT_CONTEXT;
  const tracer = trace.getTracer('mercato');
  return tracer.startActiveSpan(name, options, parent, async (span) => {
    try {
      return await work(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}
