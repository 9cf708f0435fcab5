import type {
  FastifyReply,
  FastifyRequest,
  onResponseHookHandler,
  onSendHookHandler,
  preHandlerHookHandler,
  RouteOptions,
} from 'fastify';
import { limits } from '../../kernel/index.ts';
import { HttpError } from '../errors.ts';
import type { IdempotencyMode } from '../types.ts';
import { requestFingerprint } from './fingerprint.ts';
import type { IdempotencyStore } from './store.ts';

const mutatingMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Answers a retry must be able to redo: bad input, no credentials, too many requests, server failures. */
const notStored = (statusCode: number) =>
  statusCode === 400 || statusCode === 401 || statusCode === 429 || statusCode >= 500;
/** A response larger than this is not kept (a retry runs again); mutations answer small bodies. */
const storedBodyBytesMax = 1024 * 1024;

function methodsOf(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}

/** True when a route takes part in idempotency keys: mutating, not operational, not switched off. */
export function usesIdempotency(route: RouteOptions): boolean {
  const config = route.config;
  if (config?.operational === true || config?.idempotency === 'off') return false;
  return methodsOf(route).some((method) => mutatingMethods.has(method));
}

function keyOf(request: FastifyRequest, mode: IdempotencyMode): string | undefined {
  const key = request.headers['idempotency-key'];
  if (key === undefined) {
    if (mode === 'required') {
      throw new HttpError(400, 'idempotency_key_required', 'This endpoint requires an Idempotency-Key header.');
    }
    return undefined;
  }
  if (typeof key !== 'string' || key.length < 1 || key.length > limits.idempotencyKeyLengthMax) {
    throw new HttpError(400, 'invalid_request', 'The Idempotency-Key header must be 1 to 255 characters.', {
      issues: [{ path: 'headers.idempotency-key', message: 'must be 1 to 255 characters' }],
    });
  }
  return key;
}

function payloadBytes(payload: unknown): Buffer | undefined {
  if (payload === null || payload === undefined) return Buffer.alloc(0);
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (Buffer.isBuffer(payload)) return payload;
  return undefined; // a stream: cannot be replayed byte for byte
}

/**
 * The three hooks a mutating route gets: claim the key before the handler, store (or
 * release) the answer before it is sent, and release a claim whose answer never got
 * to onSend (the client went away). Routes without a key pay one header lookup.
 */
export function idempotencyHooks(store: IdempotencyStore) {
  const preHandler: preHandlerHookHandler = (request, reply, done) => {
    const config = request.routeOptions.config;
    let key: string | undefined;
    try {
      key = keyOf(request, config.idempotency ?? 'optional');
    } catch (error) {
      done(error as Error);
      return;
    }
    if (key === undefined) {
      done();
      return;
    }
    claim(request, reply, key).then((replied) => {
      if (!replied) done();
    }, done);
  };

  async function claim(request: FastifyRequest, reply: FastifyReply, key: string): Promise<boolean> {
    const config = request.routeOptions.config;
    const scope = config.idempotencyScope?.(request) ?? request.principal?.id ?? 'anonymous';
    const route = request.routeOptions.url ?? request.url;
    const fingerprint = requestFingerprint(
      request.method,
      route,
      { params: request.params, query: request.query },
      request.body,
    );
    const outcome = await store.claim({ scope, key, fingerprint });
    switch (outcome.kind) {
      case 'claimed':
        request.idempotencyClaim = { scope, key, token: outcome.token, settled: false };
        return false;
      case 'replay': {
        const { response } = outcome;
        if (response.contentType !== null) reply.header('content-type', response.contentType);
        reply.header('idempotent-replayed', 'true').code(response.statusCode).send(response.body);
        return true;
      }
      case 'reused':
        throw new HttpError(
          422,
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request body or endpoint.',
        );
      case 'in_progress':
        throw new HttpError(
          409,
          'request_in_progress',
          'A request with this Idempotency-Key is still in progress.',
          undefined,
          {
            'retry-after': '1',
          },
        );
    }
  }

  const onSend: onSendHookHandler = (request, reply, payload, done) => {
    const claimed = request.idempotencyClaim;
    if (claimed === null || claimed.settled) {
      done(null, payload);
      return;
    }
    claimed.settled = true;
    settle(request, reply, payload).then(
      () => done(null, payload),
      () => done(null, payload),
    );
  };

  async function settle(request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<void> {
    const { scope, key, token } = request.idempotencyClaim!;
    const statusCode = reply.statusCode;
    const body = payloadBytes(payload);
    try {
      if (notStored(statusCode) || body === undefined || body.length > storedBodyBytesMax) {
        await store.release(scope, key, token);
        return;
      }
      const contentType = reply.getHeader('content-type');
      const stored = await store.complete(scope, key, token, {
        statusCode,
        contentType: typeof contentType === 'string' ? contentType : null,
        body,
      });
      if (!stored) request.log.warn({ key }, 'idempotency claim was taken over before the response was stored');
    } catch (error) {
      // The answer still goes out; the claim expires after lockTimeoutMs at worst.
      request.log.error({ err: error, key }, 'could not store the idempotent response');
    }
  }

  const onResponse: onResponseHookHandler = (request, _reply, done) => {
    const claimed = request.idempotencyClaim;
    if (claimed !== null && !claimed.settled) {
      claimed.settled = true;
      store.release(claimed.scope, claimed.key, claimed.token).catch((error: unknown) => {
        request.log.error({ err: error, key: claimed.key }, 'could not release an idempotency key');
      });
    }
    done();
  };

  return { preHandler, onSend, onResponse };
}
