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

/**
 * Who is calling, once authenticated: a customer, or a staff member with one role.
 * `sessionId` names the login session the access token belongs to (logout ends it).
 */
export type Principal = {
  readonly id: string;
  readonly kind: 'customer' | 'staff';
  /** Set for staff, never for customers: one of the role names a module declares. */
  readonly role?: string;
  readonly sessionId: string;
};

/**
 * Who may call a route, declared as `config.auth` on every route under `/api/`:
 * - `'public'`: anyone, with or without a token;
 * - `'customer'`: any authenticated principal (customer or staff);
 * - `{ roles }`: a staff principal holding one of the roles (every `/api/admin/` route),
 *   with no implicit hierarchy. The platform knows no role: modules declare them (the
 *   staff module, in `roles` of its definition) and the host refuses a route that names
 *   a role nobody declared.
 */
export type RouteAuth = 'public' | 'customer' | { readonly roles: readonly string[] };

/**
 * Resolves the caller of a request from `Authorization: Bearer <token>`: null when the
 * header is absent; throws `HttpError(401, 'invalid_token', …)` when a token is present
 * but malformed, badly signed, expired or revoked. `bearerAuthentication(verify)` builds
 * one from a token verifier.
 */
export type Authenticate = (request: FastifyRequest) => Promise<Principal | null>;

/**
 * How a mutating route treats `Idempotency-Key`: 'optional' (the default) honours it
 * when present, 'required' answers 400 `idempotency_key_required` without it, 'off'
 * ignores it (for routes that are naturally idempotent).
 */
export type IdempotencyMode = 'optional' | 'required' | 'off';

/** A claimed key, kept on the request until its response is stored or released. */
export type IdempotencyClaim = {
  readonly scope: string;
  readonly key: string;
  readonly token: string;
  settled: boolean;
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Who may call the route; required under `/api/` (a `{ roles }` rule under
     * `/api/admin/`), checked when the route is registered and enforced on every request.
     */
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
