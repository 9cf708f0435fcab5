import { assertLoopback } from './load.ts';

/**
 * A small JSON client for multi-step flows, on node's fetch (undici: keep-alive
 * connections, reused across a worker's requests). Never throws for a failed request:
 * a request that got no answer is status 0 with the reason as its code, so a load
 * loop counts it as an error and goes on.
 */
export type Answer = {
  /** The HTTP status; 0 when no answer came (connection error, timeout). */
  readonly status: number;
  /** The error body's `error.code`, or for status 0 `timeout` / `connection_error`. */
  readonly code: string | null;
  readonly body: unknown;
  /** From sending the request to the end of the answer's body. */
  readonly ms: number;
};

export type JsonRequest = {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
};

export const requestTimeoutMs = 10_000;
const detailLengthMax = 300;

function errorCodeOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null || !('error' in body)) return null;
  const error = (body as { error: unknown }).error;
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === 'string' ? code : null;
}

function parse(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text.slice(0, detailLengthMax);
  }
}

export async function send(baseUrl: string, request: JsonRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  const startedMs = performance.now();
  try {
    const response = await fetch(`${baseUrl}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const body = parse(await response.text());
    return { status: response.status, code: errorCodeOf(body), body, ms: performance.now() - startedMs };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      status: 0,
      code: timedOut ? 'timeout' : 'connection_error',
      body: null,
      ms: performance.now() - startedMs,
    };
  }
}

/** The key an answer is counted under: `201`, `409 insufficient_stock`, `0 timeout`. */
export function answerKey(answer: Pick<Answer, 'status' | 'code'>): string {
  return answer.code === null ? String(answer.status) : `${answer.status} ${answer.code}`;
}

/** A short description of an unexpected answer, for error messages. */
export function describeAnswer(request: JsonRequest, answer: Answer): string {
  const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
  return `${request.method} ${request.path} answered ${answerKey(answer)}: ${(body ?? '').slice(0, detailLengthMax)}`;
}

/** Sends a request whose answer must have `status`; throws with the answer otherwise. For set-up, not load. */
export async function expect<T>(baseUrl: string, request: JsonRequest, status: number): Promise<T> {
  assertLoopback(baseUrl);
  const answer = await send(baseUrl, request);
  if (answer.status !== status) throw new Error(describeAnswer(request, answer));
  return answer.body as T;
}

export type Tally = Record<string, number>;

export function countInto(tally: Tally, key: string, count = 1): void {
  tally[key] = (tally[key] ?? 0) + count;
}
