import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiAnswer,
  type ApiFailure,
  type ApiRequest,
  failureOf,
  type Html,
  html,
  type Session,
  seeOther,
  sendHtml,
  type WebShared,
} from '../shared/index.ts';
import type { Account, Staff } from './types.ts';

/**
 * What every admin page handler gets. The admin holds no data and no rules of its own:
 * each page reads the admin API as the signed-in staff member and each form posts to a
 * web route that calls the API and redirects (POST → 303 → GET), or shows the form
 * again with the API's error and the input kept.
 */
export type Admin = {
  readonly web: FastifyInstance;
  readonly shared: WebShared;
  readonly session: Session;
  readonly stylesheetUrl: string;
  readonly scriptUrl: string;
  /** Calls the API as the signed-in staff member (bearer forwarded, refreshed once on 401). */
  call<T = unknown>(request: FastifyRequest, reply: FastifyReply, apiRequest: ApiRequest): Promise<ApiAnswer<T>>;
  /** `<input type="hidden" name="_csrf">` for a form. */
  csrfInput(request: FastifyRequest, reply: FastifyReply): Html;
  render(request: FastifyRequest, reply: FastifyReply, page: AdminPage): FastifyReply;
};

export type AdminPage = {
  readonly title: string;
  readonly main: Html;
  readonly staff: Staff | undefined;
  readonly status?: number;
  /** Adds the dashboard's refresh script. */
  readonly live?: boolean;
};

export const sections = [
  { href: '/admin', label: 'Dashboard' },
  { href: '/admin/products', label: 'Products' },
  { href: '/admin/inventory', label: 'Inventory' },
  { href: '/admin/orders', label: 'Orders' },
  { href: '/admin/customers', label: 'Customers' },
  { href: '/admin/reviews', label: 'Reviews' },
  { href: '/admin/discounts', label: 'Discounts' },
  { href: '/admin/mailbox', label: 'Mailbox' },
] as const;

function isCurrent(path: string, href: string): boolean {
  return href === '/admin' ? path === '/admin' : path === href || path.startsWith(`${href}/`);
}

function header(admin: Admin, request: FastifyRequest, reply: FastifyReply, staff: Staff | undefined): Html {
  const path = request.url.split('?')[0] ?? '';
  if (staff === undefined) return html`<a class="brand" href="/admin">Mercato admin</a>`;
  const links = sections.map(
    (section) =>
      html`<li><a href="${section.href}"${isCurrent(path, section.href) ? html` aria-current="page"` : ''}>${section.label}</a></li>`,
  );
  return html`<a class="brand" href="/admin">Mercato admin</a>
<nav aria-label="Admin sections"><ul class="nav">${links}</ul></nav>
<form class="admin-signout" method="post" action="/admin/logout">${admin.csrfInput(request, reply)}
<span class="small">${staff.name} <span class="admin-role">(${staff.role})</span></span>
<button type="submit" class="btn-small">Sign out</button></form>`;
}

export function createAdmin(base: Pick<Admin, 'web' | 'shared' | 'session' | 'stylesheetUrl' | 'scriptUrl'>): Admin {
  const admin: Admin = {
    ...base,
    call: (request, reply, apiRequest) => base.session.call(request, reply, apiRequest),
    csrfInput: (request, reply) =>
      html`<input type="hidden" name="_csrf" value="${base.shared.csrf.token(request, reply)}">`,
    render(request, reply, page) {
      const document = base.shared.page({
        title: `${page.title} · Mercato admin`,
        main: page.main,
        header: header(admin, request, reply, page.staff),
        footer: html`<p>Mercato admin — every change goes through the admin API and is recorded in the audit log.</p>`,
        flash: base.shared.flash.take(request, reply),
        head: html`<link rel="stylesheet" href="${base.stylesheetUrl}">`,
        bodyClass: 'admin',
        noindex: true,
        ...(page.live ? { scripts: [base.scriptUrl] } : {}),
      });
      return sendHtml(reply, document, page.status ?? 200);
    },
  };
  return admin;
}

/** Where to come back to after signing in: only admin paths. */
export function adminNext(next: string | undefined): string {
  if (next === undefined || !next.startsWith('/admin') || next.startsWith('/admin/login') || next.includes('\\'))
    return '/admin';
  return next.slice(0, 500);
}

/**
 * Who this browser is signed in as, without answering: `staff`, or why not. A session
 * the API no longer accepts is dropped; a customer's session is ended at the API.
 */
export async function currentStaff(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<
  { readonly staff: Staff } | { readonly staff?: undefined; readonly reason: 'signed_out' | 'ended' | 'not_staff' }
> {
  if (!admin.session.signedIn(request)) return { reason: 'signed_out' };
  const me = await admin.call<{ customer: Account }>(request, reply, { path: '/api/me' });
  if (me.status === 401) {
    admin.session.signOut(request, reply);
    return { reason: 'ended' };
  }
  if (me.status !== 200) throw new Error(`GET /api/me answered ${me.status}`);
  const account = me.body.customer;
  if (account.role === undefined) {
    await admin.call(request, reply, { method: 'POST', path: '/api/auth/logout' });
    admin.session.signOut(request, reply);
    return { reason: 'not_staff' };
  }
  return { staff: { ...account, role: account.role } };
}

/**
 * The signed-in staff member, or undefined once the reply has been sent: a browser
 * without a staff session goes to the sign-in page, told why.
 */
export async function requireStaff(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<Staff | undefined> {
  const current = await currentStaff(admin, request, reply);
  if (current.staff !== undefined) return current.staff;
  if (current.reason === 'ended')
    admin.shared.flash.set(request, reply, 'info', 'Your session has ended. Please sign in again.');
  if (current.reason === 'not_staff') {
    admin.shared.flash.set(
      request,
      reply,
      'error',
      'That is a customer account. The admin is for staff accounts only.',
    );
  }
  seeOther(reply, `/admin/login?next=${encodeURIComponent(adminNext(request.url))}`);
  return undefined;
}

/** Wraps a page handler: it runs only for signed-in staff. */
export function staffOnly<Q extends FastifyRequest>(
  admin: Admin,
  handler: (request: Q, reply: FastifyReply, staff: Staff) => Promise<unknown>,
): (request: Q, reply: FastifyReply) => Promise<unknown> {
  return async (request, reply) => {
    const staff = await requireStaff(admin, request, reply);
    if (staff === undefined) return reply;
    return handler(request, reply, staff);
  };
}

/** A fresh `Idempotency-Key` for one form: a double-submitted refund is applied once. */
export function keyInput(): Html {
  return html`<input type="hidden" name="_key" value="${randomUUID()}">`;
}

/** The API's error, plainly: its message, its code, and what its details say. */
export function errorBox(failure: ApiFailure | undefined, heading = 'The API refused this'): Html {
  if (failure === undefined) return html``;
  const details = failure.details ?? {};
  const issues = Array.isArray(details['issues']) ? (details['issues'] as { path?: string; message?: string }[]) : [];
  const others = Object.entries(details).filter(([name]) => name !== 'issues');
  return html`<div class="flash flash-error admin-error" role="alert" tabindex="-1" id="form-error">
<p><strong>${heading}:</strong> ${failure.message} <code class="error-code">${failure.code}</code></p>
${issues.length > 0 && html`<ul>${issues.slice(0, 20).map((issue) => html`<li><code>${issue.path ?? ''}</code> ${issue.message ?? ''}</li>`)}</ul>`}
${others.length > 0 && html`<ul class="small">${others.slice(0, 10).map(([name, value]) => html`<li>${name}: <code>${describe(value)}</code></li>`)}</ul>`}
</div>`;
}

function describe(value: unknown): string {
  if (value !== null && typeof value === 'object' && 'amount' in value && 'currency' in value) {
    const money = value as { amount: unknown; currency: unknown };
    return `${money.amount} ${money.currency} (minor units)`;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return (text ?? '').slice(0, 300);
}

/** A failure of the admin's own form reading (before any API call), shaped like the API's. */
export function formFailure(message: string, issues: readonly { path: string; message: string }[] = []): ApiFailure {
  return { code: 'invalid_form', message, ...(issues.length > 0 ? { details: { issues } } : {}) };
}

export { failureOf };

/** A list page's "next page" link, keeping the filters. */
export function pager(path: string, query: Record<string, string | undefined>, nextCursor: string | null): Html {
  const first = Object.entries(query).filter(
    ([name, value]) => name !== 'cursor' && value !== undefined && value !== '',
  );
  const firstUrl = `${path}${first.length > 0 ? `?${new URLSearchParams(first as [string, string][]).toString()}` : ''}`;
  const nextUrl =
    nextCursor === null
      ? undefined
      : `${path}?${new URLSearchParams([...first, ['cursor', nextCursor]] as [string, string][]).toString()}`;
  return html`<nav class="pager" aria-label="Pages">
${query['cursor'] !== undefined && query['cursor'] !== '' ? html`<a class="btn" href="${firstUrl}">First page</a>` : ''}
${nextUrl === undefined ? '' : html`<a class="btn" href="${nextUrl}" rel="next">Next page</a>`}
</nav>`;
}

/** The status badge of an order, by how staff should read it. */
export function statusBadge(status: string): Html {
  const tone: Record<string, string> = {
    placed: 'warning',
    pending: 'warning',
    fulfilled: 'success',
    delivered: 'success',
    failed: 'danger',
    cancelled: 'danger',
    refunded: 'danger',
    partially_refunded: 'warning',
  };
  const kind = tone[status];
  return html`<span class="badge${kind === undefined ? '' : ` badge-${kind}`}" data-status="${status}">${status.replaceAll('_', ' ')}</span>`;
}

/** The state of a section whose admin endpoint this platform does not serve (yet). */
export function notAvailable(endpoint: string): Html {
  return html`<p class="empty" data-not-available>Not available yet: this platform does not serve <code>${endpoint}</code>.</p>`;
}

/** Gates a section on the API serving its endpoint (read once from /openapi.json). */
export async function serves(admin: Admin, method: 'GET' | 'POST' | 'PATCH', path: string): Promise<boolean> {
  return admin.shared.api.hasEndpoint(method, path);
}
