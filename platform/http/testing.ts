import type { FastifyInstance } from 'fastify';
import { type RegisteredRoute, routeTable } from './auth.ts';
import type { Authenticate, Principal } from './types.ts';

/** One admin route to probe: a concrete url (params filled with example values) and its rule. */
export type AdminRouteCase = {
  readonly method: string;
  /** The route pattern, e.g. `/api/admin/products/:id`. */
  readonly pattern: string;
  /** The pattern with example params, e.g. `/api/admin/products/example`. */
  readonly url: string;
  readonly auth: { readonly roles: readonly string[] };
};

/** Who calls in a probe: `anonymous`, `customer`, or the name of the one role a staff caller holds. */
export type Caller = string;

/** What a rule should answer a caller: 401, 403, or anything but those two. */
export type ExpectedAccess = 'unauthorized' | 'forbidden' | 'allowed';

type ParamsSchema = { properties?: Record<string, { examples?: unknown[]; default?: unknown }> };

/** A param's example: the schema's first `examples` entry or its default, else `example`. */
function exampleValue(params: unknown, name: string): string {
  const property = (params as ParamsSchema | undefined)?.properties?.[name];
  const value = property?.examples?.[0] ?? property?.default ?? 'example';
  return encodeURIComponent(String(value));
}

/** Fills `:name`, `:name(regex)` and `*` segments of a Fastify route pattern. */
export function exampleUrl(route: Pick<RegisteredRoute, 'url' | 'params'>): string {
  return route.url
    .replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, (_match, name: string) => exampleValue(route.params, name))
    .replace('*', 'example');
}

/**
 * Every registered route under `/api/admin`, with a url to call and its rule. Made
 * from the server's route table, so a route added later is probed without anyone
 * editing a list; the register-time check guarantees each has a `{ roles }` rule.
 */
export function adminRouteMatrix(app: FastifyInstance): AdminRouteCase[] {
  const cases: AdminRouteCase[] = [];
  for (const route of routeTable(app)) {
    if (route.url !== '/api/admin' && !route.url.startsWith('/api/admin/')) continue;
    const rule = route.auth;
    if (rule === undefined || typeof rule === 'string')
      throw new Error(`admin route ${route.method} ${route.url} has no { roles } rule`);
    cases.push({ method: route.method, pattern: route.url, url: exampleUrl(route), auth: rule });
  }
  return cases;
}

/** What a `{ roles }` rule answers each kind of caller. */
export function expectedAccess(rule: AdminRouteCase['auth'], caller: Caller): ExpectedAccess {
  if (caller === 'anonymous') return 'unauthorized';
  if (caller === 'customer') return 'forbidden';
  return rule.roles.includes(caller) ? 'allowed' : 'forbidden';
}

function accessOf(statusCode: number): ExpectedAccess {
  if (statusCode === 401) return 'unauthorized';
  if (statusCode === 403) return 'forbidden';
  return 'allowed';
}

/** The access tokens of one customer and one staff member per role (by role name), for probes. */
export type ProbeTokens = { readonly customer: string; readonly staff: Readonly<Record<string, string>> };

export type AccessMismatch = {
  readonly method: string;
  readonly url: string;
  readonly caller: Caller;
  readonly expected: ExpectedAccess;
  readonly statusCode: number;
};

/**
 * Calls every admin route as every kind of caller and answers the calls whose
 * outcome differs from the rule (an empty list when all hold). Requests carry no
 * body: the rule is applied before the body is parsed, and an allowed caller may
 * get a 400 or 404 from the route itself, which still counts as allowed.
 */
export async function probeAdminRoutes(app: FastifyInstance, tokens: ProbeTokens): Promise<AccessMismatch[]> {
  const roles = Object.keys(tokens.staff);
  if (roles.includes('anonymous') || roles.includes('customer'))
    throw new Error('probeAdminRoutes: a role named anonymous or customer would be taken for another caller');
  const callers: Caller[] = ['anonymous', 'customer', ...roles];
  const tokenOf = (caller: Caller) =>
    caller === 'anonymous' ? undefined : caller === 'customer' ? tokens.customer : tokens.staff[caller];
  const mismatches: AccessMismatch[] = [];
  for (const route of adminRouteMatrix(app)) {
    for (const caller of callers) {
      const token = tokenOf(caller);
      const response = await app.inject({
        method: route.method as 'GET',
        url: route.url,
        headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      });
      const expected = expectedAccess(route.auth, caller);
      if (accessOf(response.statusCode) !== expected) {
        mismatches.push({ method: route.method, url: route.url, caller, expected, statusCode: response.statusCode });
      }
    }
  }
  return mismatches;
}

/** The test header `principalFromHeader` reads a caller from: `<kind>:<id>[:<role>]`. */
export const testPrincipalHeader = 'x-test-principal';

/**
 * Stands in for the customers module's token verifier in module tests: the caller is
 * named by a test header, and the platform's route rules still apply to it. A staff
 * caller holds the role the header names (any name: the rules decide what it may do).
 */
export const principalFromHeader: Authenticate = async (request) => {
  const header = request.headers[testPrincipalHeader];
  if (typeof header !== 'string') return null;
  const [kind, id, role] = header.split(':');
  if ((kind !== 'staff' && kind !== 'customer') || id === undefined) return null;
  const principal: Principal =
    kind === 'staff' && role !== undefined && role.length > 0
      ? { id, kind, role, sessionId: `ses_${id}` }
      : { id, kind: 'customer', sessionId: `ses_${id}` };
  return principal;
};
