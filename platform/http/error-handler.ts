import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, HttpError } from './errors.ts';

export type ValidationIssue = { readonly path: string; readonly message: string };

type AjvIssue = {
  instancePath?: string;
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
};

/** Turns Ajv's errors into `{ path, message }`, with paths like `body.variants.0.sku`. */
export function validationIssues(part: string, errors: readonly AjvIssue[]): ValidationIssue[] {
  return errors.map((error) => {
    const base = part + (error.instancePath ?? '').replaceAll('/', '.');
    const params = error.params ?? {};
    if (error.keyword === 'required')
      return { path: `${base}.${String(params['missingProperty'])}`, message: 'is required' };
    if (error.keyword === 'additionalProperties') {
      return { path: `${base}.${String(params['additionalProperty'])}`, message: 'is not a known field' };
    }
    return { path: base, message: error.message ?? 'is invalid' };
  });
}

/** Fastify's own 4xx errors, by code, to the API.md codes. Messages are ours, never Fastify's. */
const fastifyErrors: Readonly<Record<string, readonly [number, string, string]>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large', 'The request body is larger than the limit.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type', 'The request body must be application/json.'],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, 'invalid_request', 'The request body is not valid JSON.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, 'invalid_request', 'The request body is empty but its content type is JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request', 'The Content-Length header does not match the body.'],
};

const statusCodes: Readonly<Record<number, readonly [string, string]>> = {
  400: ['invalid_request', 'The request is invalid.'],
  404: ['not_found', 'No such resource.'],
  405: ['method_not_allowed', 'This method is not allowed here.'],
  408: ['request_timeout', 'The request took too long to arrive.'],
  413: ['payload_too_large', 'The request body is larger than the limit.'],
  415: ['unsupported_media_type', 'The request body must be application/json.'],
};

function sendError(
  reply: FastifyReply,
  statusCode: number,
  code: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return reply.code(statusCode).send(errorBody(code, message, details));
}

/**
 * Every non-2xx answer has the API.md body `{ error: { code, message, details? } }`.
 * Unexpected errors are logged with their stack and answered with a generic 500: no
 * stack, SQL or path ever reaches a client.
 */
export function handleError(error: FastifyError | HttpError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof HttpError) {
    reply.headers(error.headers);
    return sendError(reply, error.statusCode, error.code, error.message, error.details);
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation !== undefined) {
    const issues = validationIssues(fastifyError.validationContext ?? 'request', fastifyError.validation);
    return sendError(reply, 400, 'invalid_request', 'The request is invalid.', { issues });
  }
  const known = fastifyError.code === undefined ? undefined : fastifyErrors[fastifyError.code];
  if (known !== undefined) return sendError(reply, known[0], known[1], known[2]);
  const status = fastifyError.statusCode;
  // Other client errors raised by Fastify or a plugin (status set, below 500): a
  // generic message for the status, since their text may name internals.
  if (status !== undefined && status >= 400 && status < 500) {
    const [code, message] = statusCodes[status] ?? [`http_${status}`, 'The request cannot be served.'];
    request.log.info({ err: error }, 'request rejected');
    return sendError(reply, status, code, message);
  }
  request.log.error({ err: error }, 'request failed');
  return sendError(reply, 500, 'internal_error', 'An internal error occurred.');
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, 'not_found', `No route for ${request.method} on this path.`),
  );
}
