import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createApiClient } from './shared/api.ts';
import { createAssets } from './shared/assets.ts';
import { cookieJar } from './shared/cookies.ts';
import { createCsrf } from './shared/csrf.ts';
import { createFlash } from './shared/flash.ts';
import { csrfGuard } from './shared/guards.ts';
import type { WebShared } from './shared/index.ts';
import { html } from './shared/html.ts';
import { layout } from './shared/layout.ts';
import { sendHtml } from './shared/respond.ts';
import { createSession } from './shared/session.ts';
import { registerStorefront, type StorefrontOptions } from './storefront.ts';
import { registerAdmin } from './admin/index.ts';

export type { WebShared } from './shared/index.ts';

export type WebOptions = StorefrontOptions & {
  /**
   * Secret for the CSRF HMAC. Random per process by default (forms left open across a
   * restart then ask for a reload); set it when several processes serve the pages.
   */
  readonly secret?: string;
  /** Register the staff dashboard at /admin; default true. */
  readonly admin?: boolean;
};

const publicDirectory = fileURLToPath(new URL('../public/', import.meta.url));

function errorPage(stylesheetUrl: () => string) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error({ err: error }, 'page failed');
    const message =
      status === 500
        ? 'Something went wrong on our side. Please try again in a moment.'
        : 'That request could not be served.';
    const main = html`<h1>${status === 500 ? 'Sorry' : 'Not possible'}</h1><p>${message}</p><p><a class="btn" href="/">Go to the home page</a></p>`;
    return sendHtml(reply, layout({ title: 'Error', main, stylesheetUrl: stylesheetUrl(), noindex: true }), status);
  };
}

function buildShared(app: FastifyInstance, options: WebOptions): WebShared {
  const assets = createAssets();
  assets.add('styles.css', `${publicDirectory}styles.css`);
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const jar = cookieJar('/');
  const csrf = createCsrf({ secret, cookieName: 'mercato_csrf', jar });
  const api = createApiClient(app);
  const stylesheetUrl = () => assets.url('styles.css');
  return {
    api,
    assets,
    jar,
    csrf,
    csrfGuard: csrfGuard(csrf, stylesheetUrl),
    flash: createFlash(jar, 'mercato_flash'),
    createSession: (cookiePrefix) => createSession({ api, jar, cookiePrefix }),
    page: (pageOptions) => layout({ ...pageOptions, stylesheetUrl: stylesheetUrl() }),
    secret,
  };
}

/**
 * Serves the storefront (and the admin at /admin) from the API's own server, on the
 * public API only. Call after the API routes are registered, before `listen`/`ready`:
 *
 *   registerWeb(app.http, { country: 'US' });
 *
 * Everything is registered in one encapsulated plugin: form parsing, cookies, response
 * compression and the HTML error page apply to the web routes alone, so /api keeps its
 * JSON-only bodies and JSON error answers.
 */
export function registerWeb(app: FastifyInstance, options: WebOptions = {}): void {
  app.register(async (web) => {
    await web.register(cookie);
    await web.register(formbody, { bodyLimit: 64 * 1024 });
    await web.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
    const shared = buildShared(app, options);
    web.setErrorHandler(errorPage(() => shared.assets.url('styles.css')));
    shared.assets.routes(web);
    registerStorefront(web, shared, options, publicDirectory);
    if (options.admin !== false) await registerAdmin(web, shared);
  });
}
