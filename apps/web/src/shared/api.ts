import type { FastifyInstance } from 'fastify';

/**
 * The web pages' only way to the platform: the PUBLIC HTTP API of API.md, called
 * in-process through `app.inject()`. It is the same contract a remote client has (the
 * same routes, validation, auth rules, idempotency, rate limits), without a socket; the
 * storefront could be moved to its own process by swapping this for `fetch`.
 */

export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type ApiRequest = {
  readonly method?: ApiMethod;
  /** Starts with `/api/` (or an operational path such as `/openapi.json`). */
  readonly path: string;
  /** Empty values (undefined, null, '') are left out. */
  readonly query?: Readonly<Record<string, string | number | boolean | null | undefined>>;
  /** JSON body; POST/PATCH/DELETE without one send nothing. */
  readonly body?: unknown;
  /** The shopper's (or staff member's) access token, forwarded as `Authorization: Bearer`. */
  readonly token?: string | null;
  readonly idempotencyKey?: string;
  /** The browser's address, so per-address rate limits see the shopper, not this server. */
  readonly remoteAddress?: string;
  /** Carried as `x-request-id`, so the API's log line joins the page's. */
  readonly requestId?: string;
};

export type ApiAnswer<T = unknown> = {
  readonly status: number;
  readonly body: T;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
};

/** API.md's error body, as read from an answer. */
export type ApiFailure = {
  readonly code: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
};

export type ApiClient = {
  call<T = unknown>(request: ApiRequest): Promise<ApiAnswer<T>>;
  /**
   * True when the API serves `method path` (an OpenAPI template, e.g.
   * `/api/carts/{id}/discount`), read once from the public `/openapi.json`. Pages use it
   * to show a feature (discount codes, returns) only where the platform has it.
   */
  hasEndpoint(method: ApiMethod, pathTemplate: string): Promise<boolean>;
};

const requestIdPattern = /^[A-Za-z0-9._:-]{1,128}$/;

export function queryString(query: ApiRequest['query']): string {
  if (query === undefined) return '';
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    parameters.set(name, String(value));
  }
  const text = parameters.toString();
  return text === '' ? '' : `?${text}`;
}

function headersOf(request: ApiRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  if (request.token) headers['authorization'] = `Bearer ${request.token}`;
  if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
  if (request.requestId !== undefined && requestIdPattern.test(request.requestId))
    headers['x-request-id'] = request.requestId;
  return headers;
}

function parse(payload: string, contentType: unknown): unknown {
  if (payload === '') return null;
  if (typeof contentType === 'string' && contentType.includes('json')) {
    try {
      return JSON.parse(payload);
    } catch {
      return payload;
    }
  }
  return payload;
}

export function createApiClient(app: FastifyInstance): ApiClient {
  let endpoints: Promise<Set<string>> | undefined;
  const client: ApiClient = {
    async call<T>(request: ApiRequest): Promise<ApiAnswer<T>> {
      const response = await app.inject({
        method: request.method ?? 'GET',
        url: request.path + queryString(request.query),
        headers: headersOf(request),
        ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
        ...(request.remoteAddress === undefined ? {} : { remoteAddress: request.remoteAddress }),
      });
      return {
        status: response.statusCode,
        body: parse(response.payload, response.headers['content-type']) as T,
        headers: response.headers,
      };
    },
    hasEndpoint(method, pathTemplate) {
      endpoints ??= client
        .call<{ paths?: Record<string, Record<string, unknown>> }>({ path: '/openapi.json' })
        .then((answer) => {
          const found = new Set<string>();
          for (const [path, operations] of Object.entries(answer.body?.paths ?? {})) {
            for (const verb of Object.keys(operations)) found.add(`${verb.toUpperCase()} ${path}`);
          }
          return found;
        });
      return endpoints.then((found) => found.has(`${method} ${pathTemplate}`));
    },
  };
  return client;
}

/** The error of a non-2xx answer (API.md's body), or a generic one when the body is not it. */
export function failureOf(answer: ApiAnswer): ApiFailure {
  const body = answer.body as { error?: ApiFailure } | null;
  if (body !== null && typeof body === 'object' && body.error && typeof body.error.code === 'string') return body.error;
  return { code: `http_${answer.status}`, message: 'The shop could not answer. Please try again.' };
}

export const isSuccess = (answer: ApiAnswer): boolean => answer.status >= 200 && answer.status < 300;

/** An answer in API.md's error shape made locally (a form the web route refuses before calling the API). */
export function localFailure(status: number, code: string, message: string): ApiAnswer {
  return { status, body: { error: { code, message } }, headers: {} };
}
