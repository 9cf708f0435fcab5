import { failureOf, formatDate, type Html, html } from '../shared/index.ts';
import { type Admin, errorBox, pager, staffOnly } from './context.ts';
import type { AdminAccount, Page } from './types.ts';

/** Customers: search accounts by part of the email or name (`GET /api/admin/customers`). */

type Query = { q?: string; kind?: string; cursor?: string };

function accountsTable(items: readonly AdminAccount[]): Html {
  if (items.length === 0) return html`<p class="empty">No accounts found.</p>`;
  const rows = items.map(
    (account) => html`<tr><th scope="row">${account.name}</th><td>${account.email}</td>
<td>${account.kind === 'staff' ? html`<span class="badge">staff: ${account.role ?? ''}</span>` : 'customer'}</td>
<td>${formatDate(account.createdAt)}</td><td>${account.disabled ? html`<span class="badge badge-danger">disabled</span>` : html`<span class="badge badge-success">active</span>`}</td></tr>`,
  );
  return html`<div class="table-wrap"><table id="customers"><caption class="visually-hidden">Accounts</caption>
<thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Kind</th><th scope="col">Since</th><th scope="col">State</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

export function customerRoutes(admin: Admin): void {
  admin.web.get(
    '/admin/customers',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      const query = request.query as Query;
      const q = (query.q ?? '').trim().slice(0, 100);
      const kind = query.kind === 'customer' || query.kind === 'staff' ? query.kind : '';
      const answer = await admin.call<Page<AdminAccount>>(request, reply, {
        path: '/api/admin/customers',
        query: { q, kind, limit: 25, cursor: query.cursor },
      });
      const body =
        answer.status === 200
          ? html`${accountsTable(answer.body.items)}${pager('/admin/customers', { q, kind, cursor: query.cursor }, answer.body.nextCursor)}`
          : errorBox(failureOf(answer), 'Accounts could not be listed');
      const option = (value: string, label: string) =>
        html`<option value="${value}"${value === kind ? html` selected` : ''}>${label}</option>`;
      const main = html`<h1>Customers</h1>
<form class="toolbar" method="get" action="/admin/customers" role="search">
<div class="field"><label for="customer-q">Search by email or name</label><input id="customer-q" type="search" name="q" value="${q}" maxlength="100"></div>
<div class="field"><label for="customer-kind">Kind</label><select id="customer-kind" name="kind">${option('', 'All')}${option('customer', 'Customers')}${option('staff', 'Staff')}</select></div>
<div><button type="submit">Search</button></div></form>
${body}`;
      return admin.render(request, reply, { title: 'Customers', main, staff });
    }),
  );
}
