import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyReply, LogController, type RouteOptions } from 'fastify';
import type { Db } from '../db/port.ts';
import { type Clock, limits, systemClock } from '../kernel/index.ts';
import type { Telemetry } from '../telemetry/index.ts';
import {
  assertRouteAuth,
  authHook,
  documentRouteAuth,
  type RegisteredRoute,
  recordRoute,
  startRouteTable,
} from './auth.ts';
import { installErrorHandling } from './error-handler.ts';
import { errorBody } from './errors.ts';
import { idempotencyHooks, usesIdempotency } from './idempotency/hooks.ts';
import { startPurge } from './idempotency/purge.ts';
import { idempotencyStore } from './idempotency/store.ts';
import { installInputGuard } from './input-guard.ts';
import { installObservability, requestIdOf } from './observability.ts';
import { markDocumentationRoute, registerOpenApi, registerOperationalRoutes } from './operations.ts';
import { ErrorSchema } from './schemas.ts';
import { installTransportHeaders } from './transport.ts';
import type { Authenticate, HttpApp } from './types.ts';
import { buildValidator } from './validation.ts';

export type IdempotencyOptions = {
  /** How long a stored response is replayed; default 24 h. */
  readonly ttlMs?: number;
  /** After this long an unfinished request's key may be taken over; default 60 s. */
  readonly lockTimeoutMs?: number;
  /** How often expired keys are purged; default 60 s. */
  readonly purgeIntervalMs?: number;
};

export type HttpServerOptions = {
  readonly telemetry: Telemetry;
  readonly db: Db;
  /** Readiness: database reachable and migrations applied. */
  readonly isReady: () => Promise<boolean>;
  readonly bodyLimitBytes?: number;
  readonly idempotency?: IdempotencyOptions;
  /**
   * Resolves the caller of a request (`request.principal`); see `Authenticate`. Without
   * it every caller is anonymous and only public routes answer.
   */
  readonly authenticate?: Authenticate;
  readonly clock?: Clock;
  /**
   * Trust `X-Forwarded-For` from this many proxy hops (0: none). Behind a load balancer
   * this makes `request.ip` the client's address, which per-address limits key on.
   */
  readonly trustedProxyHops?: number;
};

/** Trusts the nearest `hops` proxies: their `X-Forwarded-For` entries, and no further. */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

const errorResponse = {
  ...ErrorSchema,
  description: 'Error: `{ error: { code, message, details? } }`; `code` is stable.',
};

function appendHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  if (existing === undefined) return [hook];
  return Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}

/**
 * Checks the route's auth rule (a route without one fails here, at boot), records it
 * in the route table, documents the error body and the rule on every route, and
 * gives mutating routes the idempotency hooks. Done per route when it is registered,
 * so GET routes carry no idempotency hook at all.
 */
function prepareRoute(route: RouteOptions, hooks: ReturnType<typeof idempotencyHooks>, table: RegisteredRoute[]): void {
  markDocumentationRoute(route);
  if (route.config?.operational === true) return;
  assertRouteAuth(route);
  recordRoute(table, route);
  const schema = route.schema ?? {};
  route.schema = {
    ...schema,
    response: { '4xx': errorResponse, '5xx': errorResponse, ...(schema.response as object) },
  };
  documentRouteAuth(route);
  if (!usesIdempotency(route)) return;
  route.preHandler = appendHook(route.preHandler, hooks.preHandler);
  route.onSend = appendHook(route.onSend, hooks.onSend);
  route.onResponse = appendHook(route.onResponse, hooks.onResponse);
}

/**
 * Fastify's own per-request lines are dropped: our onResponse hook writes one
 * "request completed" line inside the request's trace context, so it carries the
 * trace ids. Fastify's error and stream lines stay.
 */
function requestLogging(): LogController {
  const controller = new LogController();
  controller.incomingRequest = () => {};
  controller.requestCompleted = () => {};
  return controller;
}

/**
 * The HTTP server of a Mercato process: error bodies, request ids, tracing, metrics,
 * idempotency keys and the operational routes, configured once for every module.
 * Modules add routes with `routes(app)` before `app.ready()`.
 */
export async function createHttpServer(options: HttpServerOptions): Promise<HttpApp> {
  const { telemetry } = options;
  const app = Fastify({
    loggerInstance: telemetry.logger as FastifyBaseLogger,
    logController: requestLogging(),
    genReqId: requestIdOf,
    ...(options.trustedProxyHops ? { trustProxy: trustHops(options.trustedProxyHops) } : {}),
    bodyLimit: options.bodyLimitBytes ?? limits.requestBodyBytesMax,
    schemaController: { compilersFactory: { buildValidator } },
    // Errors Fastify answers before routing (a malformed URL, say) get the API's error body too.
    frameworkErrors: (_error, _request, reply) =>
      (reply as FastifyReply).code(400).send(
        errorBody('invalid_request', 'The request is invalid.', {
          issues: [{ path: 'url', message: 'is not a valid URL' }],
        }),
      ),
  });

  // JSON is the only body type of the API; anything else is 415.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('principal', null);
  app.decorateRequest('idempotencyClaim', null);
  installErrorHandling(app);
  installObservability(app, telemetry);
  installTransportHeaders(app);
  installInputGuard(app);

  app.addHook('onRequest', authHook(options.authenticate));

  const store = idempotencyStore(options.db, options.clock ?? systemClock, {
    ttlMs: options.idempotency?.ttlMs ?? limits.idempotencyKeyTtlMs,
    lockTimeoutMs: options.idempotency?.lockTimeoutMs ?? 60_000,
  });
  const hooks = idempotencyHooks(store);
  const table = startRouteTable(app);
  app.addHook('onRoute', (route) => prepareRoute(route, hooks, table));
  startPurge(app, store, options.idempotency?.purgeIntervalMs ?? 60_000);

  await registerOpenApi(app);
  registerOperationalRoutes(app, telemetry.metrics, options.isReady);
  return app.withTypeProvider<TypeBoxTypeProvider>();
}
