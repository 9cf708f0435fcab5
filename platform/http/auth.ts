import type { FastifyInstance, onRequestHookHandler, RouteOptions } from 'fastify';
import { HttpError } from './errors.ts';
import type { Authenticate, Principal, RouteAuth } from './types.ts';

/** Longer bearer tokens are refused before any verification work (our JWTs are well under 1 KiB). */
export const accessTokenLengthMax = 4096;

/** RFC 6750 `b64token`, after the `Bearer` scheme (case-insensitive). */
const bearerPattern = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The OpenAPI security scheme every protected route refers to. */
export const bearerSecurityScheme = { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } as const;

function invalidToken(message: string): HttpError {
  return new HttpError(401, 'invalid_token', message, undefined, {
    'www-authenticate': 'Bearer error="invalid_token"',
  });
}

/**
 * An `authenticate` from a token verifier: no Authorization header → null (anonymous);
 * a header that is not `Bearer <token>`, or a token `verify` rejects (answers null) →
 * 401 `invalid_token`. `verify` checks signature, algorithm, issuer, audience, expiry
 * and revocation; it may also throw its own `HttpError` (401) or an I/O error (500).
 */
export function bearerAuthentication(verify: (token: string) => Promise<Principal | null>): Authenticate {
  return async (request) => {
    const header = request.headers.authorization;
    if (header === undefined) return null;
    const token = bearerPattern.exec(header)?.[1];
    if (token === undefined || token.length > accessTokenLengthMax) {
      throw invalidToken('The Authorization header must be `Bearer <access token>`.');
    }
    const principal = await verify(token);
    if (principal === null) throw invalidToken('The access token is invalid, expired or revoked.');
    return principal;
  };
}

/**
 * The answer a rule gives a caller: nothing when allowed, else the error to send.
 * Guards in the order of the rule: public → signed in → staff role.
 */
export function authorizationError(rule: RouteAuth | undefined, principal: Principal | null): HttpError | undefined {
  if (rule === undefined || rule === 'public') return undefined;
  if (principal === null) {
    return new HttpError(401, 'unauthorized', 'This endpoint needs a valid bearer access token.', undefined, {
      'www-authenticate': 'Bearer',
    });
  }
  if (rule === 'customer') return undefined;
  if (principal.kind === 'staff' && principal.role !== undefined && rule.roles.includes(principal.role))
    return undefined;
  return new HttpError(403, 'forbidden', 'Your account may not call this endpoint.');
}

/** A 401 thrown by `authenticate` always carries a Bearer challenge (RFC 6750). */
function withChallenge(error: unknown): Error {
  if (!(error instanceof HttpError) || error.statusCode !== 401) return error as Error;
  if (Object.keys(error.headers).some((name) => name.toLowerCase() === 'www-authenticate')) return error;
  return new HttpError(401, error.code, error.message, error.details, {
    ...error.headers,
    'www-authenticate': 'Bearer error="invalid_token"',
  });
}

/**
 * One `onRequest` hook: resolve the caller, then apply the route's rule. It runs
 * before the body is parsed or validated and before any idempotency claim, so an
 * unauthorised request costs no parsing and leaves no key behind. A present but
 * invalid token is refused on every route, public ones included: a client holding a
 * stale token learns at once, and no route has to decide what "half signed in" means.
 */
export function authHook(authenticate: Authenticate | undefined): onRequestHookHandler {
  return (request, _reply, done) => {
    const config = request.routeOptions.config;
    // Operational routes need no caller; unmatched requests get their 404.
    if (config?.operational === true || request.routeOptions.url === undefined) {
      done();
      return;
    }
    if (authenticate === undefined) {
      done(authorizationError(config.auth, null));
      return;
    }
    authenticate(request).then(
      (principal) => {
        request.principal = principal;
        done(authorizationError(config.auth, principal));
      },
      (error: unknown) => done(withChallenge(error)),
    );
  };
}

const isUnder = (url: string, prefix: string) => url === prefix || url.startsWith(`${prefix}/`);

function describeRule(rule: unknown): string {
  return JSON.stringify(rule) ?? 'undefined';
}

/**
 * Register-time check: every route under `/api` declares who may call it, and every
 * route under `/api/admin` is for staff roles. Throws, so a route without a rule
 * fails the boot (and every test that boots the app).
 */
export function assertRouteAuth(route: RouteOptions): void {
  if (route.config?.operational === true) return;
  const rule: unknown = route.config?.auth;
  const name = `${String(route.method)} ${route.url}`;
  if (rule === undefined) {
    if (isUnder(route.url, '/api')) {
      throw new Error(
        `Route ${name} declares no config.auth: every /api route says who may call it ('public', 'customer' or { roles }).`,
      );
    }
    return;
  }
  if (rule !== 'public' && rule !== 'customer') {
    const roles = (rule as { roles?: unknown }).roles;
    const valid =
      Array.isArray(roles) && roles.length > 0 && roles.every((role) => typeof role === 'string' && role.length > 0);
    if (!valid)
      throw new Error(
        `Route ${name} has an invalid config.auth ${describeRule(rule)}: roles must be a non-empty list of role names.`,
      );
  }
  if (isUnder(route.url, '/api/admin') && typeof rule === 'string') {
    throw new Error(
      `Route ${name} is an admin route: its config.auth must be { roles: [...] }, not ${describeRule(rule)}.`,
    );
  }
}

/**
 * Register-time check of role names, as an `onRoute` hook: a `{ roles }` rule may name
 * only roles in `declared` (those the modules declare). Throws naming the route and the
 * role, so a misspelt or forgotten role fails the boot.
 */
export function declaredRolesOnly(declared: readonly string[]): (route: RouteOptions) => void {
  return (route) => {
    const rule = route.config?.auth;
    if (rule === undefined || typeof rule === 'string') return;
    for (const role of rule.roles) {
      if (declared.includes(role)) continue;
      throw new Error(
        `Route ${String(route.method)} ${route.url} names the role ${role}, which no module declares (declared: ${declared.join(', ')}).`,
      );
    }
  };
}

/**
 * Documents the rule in the OpenAPI operation, from the same `config.auth` the hook
 * enforces: protected routes get the bearer security requirement and a line naming
 * who may call them; public routes get neither.
 */
export function documentRouteAuth(route: RouteOptions): void {
  const rule = route.config?.auth;
  if (rule === undefined || rule === 'public') return;
  const schema = (route.schema ?? {}) as { description?: string };
  const line =
    rule === 'customer' ? 'Requires a signed-in customer or staff member.' : `Roles: ${rule.roles.join(', ')}.`;
  route.schema = {
    ...schema,
    security: [{ bearerAuth: [] }],
    description: schema.description === undefined ? line : `${schema.description}\n\n${line}`,
  } as RouteOptions['schema'];
}

/** A registered route as the route table keeps it (for tests and tools). */
export type RegisteredRoute = {
  readonly method: string;
  readonly url: string;
  readonly auth: RouteAuth | undefined;
  /** The params schema, for example values in generated requests. */
  readonly params: unknown;
};

const tables = new WeakMap<FastifyInstance, RegisteredRoute[]>();

/** Starts the route table of a server; `recordRoute` fills it from `onRoute`. */
export function startRouteTable(app: FastifyInstance): RegisteredRoute[] {
  const table: RegisteredRoute[] = [];
  tables.set(app, table);
  return table;
}

/**
 * Records a non-operational route, one entry per method. The HEAD twin Fastify adds
 * to every GET route is left out: it shares the GET route's rule and hook.
 */
export function recordRoute(table: RegisteredRoute[], route: RouteOptions): void {
  if (route.config?.operational === true) return;
  const methods = Array.isArray(route.method) ? route.method : [route.method];
  for (const method of methods) {
    if (method === 'HEAD' && table.some((entry) => entry.method === 'GET' && entry.url === route.url)) continue;
    table.push({ method, url: route.url, auth: route.config?.auth, params: route.schema?.params });
  }
}

/** Every route registered on a server made by `createHttpServer`, with its rule. */
export function routeTable(app: FastifyInstance): readonly RegisteredRoute[] {
  const table = tables.get(app);
  if (table === undefined) throw new Error('routeTable: this app was not made by createHttpServer');
  return table;
}
