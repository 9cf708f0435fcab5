import type { ApiClient } from './api.ts';
import type { Assets } from './assets.ts';
import type { CookieJar } from './cookies.ts';
import type { Csrf } from './csrf.ts';
import type { Flash } from './flash.ts';
import type { PageOptions } from './layout.ts';
import type { Session } from './session.ts';

export {
  type ApiAnswer,
  type ApiClient,
  type ApiFailure,
  type ApiMethod,
  type ApiRequest,
  createApiClient,
  failureOf,
  isSuccess,
  localFailure,
  queryString,
} from './api.ts';
export { type Assets, createAssets } from './assets.ts';
export { type CookieJar, cookieJar } from './cookies.ts';
export { type Csrf, createCsrf } from './csrf.ts';
export { createFlash, type Flash, type FlashKind, type FlashMessage } from './flash.ts';
export { formatDate, formatDateTime, formatMoney, humanize, type Money, parseMoneyInput } from './format.ts';
export { csrfGuard, field, wantsJson } from './guards.ts';
export { attrs, escapeHtml, type Html, type HtmlValue, html, markupOf, raw, toString } from './html.ts';
export { flashBox, layout, type PageOptions } from './layout.ts';
export { safeLocation, seeOther, sendHtml } from './respond.ts';
export { createSession, type Session, type SessionOptions, type TokenPair } from './session.ts';

/**
 * What `registerWeb` hands the admin (`registerAdmin(app, shared)`): the instances that
 * hold state or configuration. Pure helpers (html, layout, format…) are imported from
 * this file directly.
 */
export type WebShared = {
  /** The public API, in-process. Use `session.call` for calls as a signed-in user. */
  readonly api: ApiClient;
  /** Hashed static files; `assets.add(name, path)` before the server is ready. */
  readonly assets: Assets;
  /** Cookies with the site's flags (httpOnly, SameSite=Lax, Secure on HTTPS), path `/`. */
  readonly jar: CookieJar;
  /** The site's CSRF tokens (`_csrf` form field or `x-csrf-token` header). */
  readonly csrf: Csrf;
  /** preHandler for form POSTs: 403 page without a valid CSRF token. */
  readonly csrfGuard: ReturnType<typeof import('./guards.ts').csrfGuard>;
  /** One-shot messages across a redirect. */
  readonly flash: Flash;
  /** A token session under its own cookie prefix (storefront: `mercato`; admin: e.g. `mercato_staff`). */
  createSession(cookiePrefix: string): Session;
  /** `layout` with the site stylesheet filled in. */
  page(options: Omit<PageOptions, 'stylesheetUrl'>): string;
  /** Secret for HMACs (CSRF); random per process unless `registerWeb` was given one. */
  readonly secret: string;
};
