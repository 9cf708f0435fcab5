import type { FastifyReply } from 'fastify';
import type { Failure } from '../kernel/index.ts';

/**
 * The error body of API.md: `{ error: { code, message, details? } }`. Every non-2xx
 * answer has this shape; nothing else (no stack, SQL or path) reaches a client.
 */
export type ErrorBody = {
  error: { code: string; message: string; details?: Record<string, unknown> };
};

/** An HTTP failure raised from platform code (hooks, plugins). Modules return Results instead. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly statusCode: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string>;
  constructor(
    statusCode: number,
    code: string,
    message: string,
    details?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export function errorBody(code: string, message: string, details?: Record<string, unknown>): ErrorBody {
  return details === undefined ? { error: { code, message } } : { error: { code, message, details } };
}

/**
 * A module's table from each of its failure codes to an HTTP status. Typed as a
 * complete record, so adding a code to a contract without a status does not compile.
 */
export type StatusTable<Code extends string> = { readonly [K in Code]: number };

/** What a client is told of a server-side failure: the status's meaning, never its cause. */
const serverFailureMessages: Readonly<Record<number, string>> = {
  500: 'The request could not be completed because of an internal error.',
  502: 'A service this request needs answered badly; try again shortly.',
  503: 'A service this request needs is unavailable; try again shortly.',
  504: 'A service this request needs did not answer in time; try again shortly.',
};

/**
 * Sends a module failure with the status its table gives it. A failure whose details
 * say when to try again (`retryAfterSeconds`, as `rate_limited` does) also carries
 * `Retry-After`. A 5xx failure's message and details may name internals (an exception,
 * a peer, a query): they go to the log with the request id, and the client gets the
 * code and a message from the catalogue above.
 */
export function replyFailure<Code extends string>(
  reply: FastifyReply,
  failure: Failure<Code>,
  statuses: StatusTable<Code>,
): FastifyReply {
  const status: number = statuses[failure.code];
  const retryAfterSeconds = failure.details?.['retryAfterSeconds'];
  if (typeof retryAfterSeconds === 'number') reply.header('retry-after', String(retryAfterSeconds));
  if (status >= 500) {
    reply.request.log.warn(
      { code: failure.code, detail: failure.message, details: failure.details },
      'server-side failure',
    );
    const message = serverFailureMessages[status] ?? serverFailureMessages[500]!;
    return reply.code(status).send(errorBody(failure.code, message));
  }
  return reply.code(status).send(errorBody(failure.code, failure.message, failure.details as Record<string, unknown>));
}
