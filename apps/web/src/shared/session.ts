import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiAnswer, ApiClient, ApiRequest } from './api.ts';
import type { CookieJar } from './cookies.ts';

/**
 * A signed-in browser holds the API's access and refresh tokens in two httpOnly,
 * SameSite=Lax cookies (`<prefix>_at`, `<prefix>_rt`); scripts never see them. Pages call
 * the API through `session.call`, which forwards the access token, and when the API
 * answers 401 (or the access cookie has lapsed) spends the refresh token at
 * `POST /api/auth/refresh` once, stores the new pair and retries.
 *
 * Refresh tokens rotate and a spent one presented again ends the session (API.md), so
 * two requests of one browser refreshing at once would sign the shopper out. Refreshes
 * are therefore single-flight per refresh token in this process, and the new pair is
 * remembered for a short grace period for the browser's other in-flight requests.
 * (With several web replicas, route a browser to one replica, or accept a rare sign-out.)
 */

export type TokenPair = { readonly accessToken: string; readonly refreshToken: string; readonly expiresIn?: number };

export type Session = {
  /** The current tokens (after any refresh made during this request). */
  tokens(request: FastifyRequest): { accessToken?: string; refreshToken?: string };
  signedIn(request: FastifyRequest): boolean;
  /** Stores a fresh pair (after login, register or refresh). */
  signIn(request: FastifyRequest, reply: FastifyReply, pair: TokenPair): void;
  /** Clears the cookies (the caller logs out at the API first). */
  signOut(request: FastifyRequest, reply: FastifyReply): void;
  /** Calls the API as this browser: token, address and request id forwarded; refresh on 401. */
  call<T = unknown>(request: FastifyRequest, reply: FastifyReply, apiRequest: ApiRequest): Promise<ApiAnswer<T>>;
};

export type SessionOptions = {
  readonly api: ApiClient;
  readonly jar: CookieJar;
  /** Cookie names are `<prefix>_at` and `<prefix>_rt`; the admin uses its own prefix. */
  readonly cookiePrefix: string;
  /** How long the refresh cookie lives; the API decides whether the token still works. */
  readonly refreshCookieSeconds?: number;
};

const refreshGraceMs = 30_000;
const refreshesRememberedMax = 10_000;
const accessSecondsDefault = 900;

type Refreshed = { pair: TokenPair | null };

export function createSession(options: SessionOptions): Session {
  const { api, jar } = options;
  const accessCookie = `${options.cookiePrefix}_at`;
  const refreshCookie = `${options.cookiePrefix}_rt`;
  const refreshSeconds = options.refreshCookieSeconds ?? 60 * 60 * 24 * 30;
  const current = new WeakMap<FastifyRequest, { accessToken?: string; refreshToken?: string }>();
  const refreshes = new Map<string, Promise<Refreshed>>();

  const tokens = (request: FastifyRequest) => {
    const known = current.get(request);
    if (known !== undefined) return known;
    const read = { accessToken: jar.get(request, accessCookie), refreshToken: jar.get(request, refreshCookie) };
    const found: { accessToken?: string; refreshToken?: string } = {};
    if (read.accessToken !== undefined) found.accessToken = read.accessToken;
    if (read.refreshToken !== undefined) found.refreshToken = read.refreshToken;
    current.set(request, found);
    return found;
  };

  const signIn = (request: FastifyRequest, reply: FastifyReply, pair: TokenPair) => {
    // The access cookie lapses a little before the token, so an expired token is rarely sent.
    const accessSeconds = Math.max(30, (pair.expiresIn ?? accessSecondsDefault) - 30);
    jar.set(request, reply, accessCookie, pair.accessToken, accessSeconds);
    jar.set(request, reply, refreshCookie, pair.refreshToken, refreshSeconds);
    current.set(request, { accessToken: pair.accessToken, refreshToken: pair.refreshToken });
  };

  const signOut = (request: FastifyRequest, reply: FastifyReply) => {
    jar.clear(request, reply, accessCookie);
    jar.clear(request, reply, refreshCookie);
    current.set(request, {});
  };

  /** Entries leave after the grace period; past the cap the oldest go early (they only lose the grace). */
  function makeRoom(): void {
    while (refreshes.size >= refreshesRememberedMax) refreshes.delete(refreshes.keys().next().value as string);
  }

  async function refreshOnce(request: FastifyRequest, refreshToken: string): Promise<TokenPair | null> {
    let pending = refreshes.get(refreshToken);
    if (pending === undefined) {
      makeRoom();
      pending = api
        .call<TokenPair>({
          method: 'POST',
          path: '/api/auth/refresh',
          body: { refreshToken },
          remoteAddress: request.ip,
          requestId: request.id,
        })
        .then((answer) => ({ pair: answer.status === 200 ? answer.body : null }));
      refreshes.set(refreshToken, pending);
      const entry = pending;
      setTimeout(() => {
        if (refreshes.get(refreshToken) === entry) refreshes.delete(refreshToken);
      }, refreshGraceMs).unref();
    }
    return (await pending).pair;
  }

  /** Refreshes into the cookies; false (and signed out) when the refresh token is no good. */
  async function renew(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    const refreshToken = tokens(request).refreshToken;
    if (refreshToken === undefined) return false;
    const pair = await refreshOnce(request, refreshToken);
    if (pair === null) {
      signOut(request, reply);
      return false;
    }
    signIn(request, reply, pair);
    return true;
  }

  async function call<T>(request: FastifyRequest, reply: FastifyReply, apiRequest: ApiRequest): Promise<ApiAnswer<T>> {
    let renewed = false;
    if (tokens(request).accessToken === undefined && tokens(request).refreshToken !== undefined) {
      renewed = true;
      await renew(request, reply);
    }
    const send = () =>
      api.call<T>({
        ...apiRequest,
        token: tokens(request).accessToken ?? null,
        remoteAddress: request.ip,
        requestId: request.id,
      });
    const answer = await send();
    if (answer.status !== 401 || tokens(request).accessToken === undefined) return answer;
    // The token was refused: renew once and retry; without a session retry anonymously,
    // which public endpoints answer and protected ones refuse with a plain 401.
    if (!renewed && (await renew(request, reply))) return send();
    signOut(request, reply);
    return send();
  }

  return {
    tokens,
    signedIn: (request) => tokens(request).accessToken !== undefined || tokens(request).refreshToken !== undefined,
    signIn,
    signOut,
    call,
  };
}
