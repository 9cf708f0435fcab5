import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Context } from '@opentelemetry/api';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';

/** Who is calling, once authenticated. Authentication itself comes with the auth issue. */
export type Principal = { readonly id: string; readonly role?: string };

/** Who may call a route: anyone, or a principal holding one of the roles. */
export type RouteAuth = 'public' | { readonly roles: readonly string[] };

/**
 * How a mutating route treats `Idempotency-Key`: 'optional' (the default) honours it
 * when present, 'required' answers 400 `idempotency_key_required` without it, 'off'
 * ignores it (for routes that are naturally idempotent).
 */
export type IdempotencyMode = 'optional' | 'required' | 'off';

/** A claimed key, kept on the request until its response is stored or released. */
export type IdempotencyClaim = { readonly scope: string; readonly key: string; readonly token: string; settled: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Stored now, enforced by the auth hook (next issue). */
    auth?: RouteAuth;
    idempotency?: IdempotencyMode;
    /** Overrides the caller scope of idempotency keys (default: principal id, else 'anonymous'). */
    idempotencyScope?: (request: FastifyRequest) => string;
    /**
     * Health, readiness, metrics and documentation routes: no span, log line,
     * authentication or idempotency; only the latency histogram.
     */
    operational?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The OpenTelemetry context of this request's server span; null on operational routes. */
    traceContext: Context | null;
    idempotencyClaim: IdempotencyClaim | null;
  }
}

/** The Fastify instance modules register their routes on (`routes(app)`), typed by TypeBox schemas. */
export type HttpApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression<RawServerDefault>,
  RawReplyDefaultExpression<RawServerDefault>,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
