import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { histogramOf, latencyBucketsSeconds, type Telemetry } from '../telemetry/index.ts';

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a well-formed inbound `x-request-id` (a proxy's or a caller's), else makes one. */
export function requestIdOf(raw: IncomingMessage): string {
  const inbound = raw.headers['x-request-id'];
  return typeof inbound === 'string' && requestIdPattern.test(inbound) ? inbound : randomUUID();
}

/** The route pattern, read once per hook: `request.routeOptions` builds a new object per read. */
function routeOf(request: FastifyRequest): { route: string; operational: boolean } {
  const options = request.routeOptions;
  return { route: options.url ?? 'unmatched', operational: options.config?.operational === true };
}

function pathOf(url: string): string {
  // The query string stays out of logs: it may carry an access token (guest orders).
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
}

/**
 * Per request: the `x-request-id` header, a server span (parent from `traceparent`)
 * made active for hooks and handler, one "request completed" log line, and the
 * `http_request_duration_seconds` histogram. Operational routes only get the header
 * and the histogram. Hooks are callback-style: no promise per hook on the hot path.
 */
export function installObservability(app: FastifyInstance, telemetry: Telemetry): void {
  const { tracer } = telemetry;
  const duration = histogramOf(telemetry.metrics, {
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'],
    buckets: latencyBucketsSeconds,
  });

  app.decorateRequest('traceContext', null);

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id);
    const { route, operational } = routeOf(request);
    if (operational) {
      done();
      return;
    }
    const parent =
      request.headers.traceparent === undefined ? ROOT_CONTEXT : propagation.extract(ROOT_CONTEXT, request.headers);
    const span = tracer.startSpan(
      `${request.method} ${route}`,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': request.method, 'http.route': route } },
      parent,
    );
    const active = trace.setSpan(parent, span);
    request.traceContext = active;
    context.with(active, done);
  });

  // A body is read in stream callbacks; should a parser lose the request's context
  // there, enter it again so validation, the handler and what it calls see the server
  // span. When the context survived (the usual case) this is one comparison.
  app.addHook('preValidation', (request, _reply, done) => {
    const active = request.traceContext;
    if (active === null || context.active() === active) done();
    else context.with(active, done);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const { route } = routeOf(request);
    duration.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
    const active = request.traceContext;
    if (active !== null) finishSpan(request, reply, active, route);
    done();
  });
}

function finishSpan(
  request: FastifyRequest,
  reply: FastifyReply,
  active: NonNullable<FastifyRequest['traceContext']>,
  route: string,
): void {
  const span = trace.getSpan(active)!;
  const statusCode = reply.statusCode;
  span.setAttribute('http.response.status_code', statusCode);
  if (statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  context.with(active, () => {
    request.log.info(
      {
        method: request.method,
        route,
        path: pathOf(request.url),
        statusCode,
        durationMs: Math.round(reply.elapsedTime * 100) / 100,
      },
      'request completed',
    );
  });
  span.end();
}
