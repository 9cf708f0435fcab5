import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Csrf } from './csrf.ts';
import { html } from './html.ts';
import { layout } from './layout.ts';
import { sendHtml } from './respond.ts';

/**
 * A preHandler for every form POST: a request without a valid CSRF token (a forged
 * cross-site post, or a form older than the browser's cookie) is refused with 403 and
 * a page that says what to do, before anything reaches the API.
 */
export function csrfGuard(csrf: Csrf, stylesheetUrl: () => string) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (csrf.verify(request)) return;
    const main = html`<h1>This form has expired</h1>
<p>For your security the form could not be sent. Please go back, reload the page and try again.</p>
<p><a class="btn" href="/">Go to the home page</a></p>`;
    return sendHtml(reply, layout({ title: 'Form expired', main, stylesheetUrl: stylesheetUrl(), noindex: true }), 403);
  };
}

/** Reads one form field as trimmed text, bounded; undefined when absent or empty. */
export function field(body: unknown, name: string, lengthMax = 1000): string | undefined {
  if (body === null || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>)[name];
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, lengthMax);
}

/** True when the request came from our enhancing script (`fetch` with `accept: application/json`). */
export function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept;
  return typeof accept === 'string' && accept.startsWith('application/json');
}
