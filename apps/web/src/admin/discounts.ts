import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiFailure,
  failureOf,
  formatDateTime,
  formatMoney,
  type Html,
  html,
  parseMoneyInput,
  seeOther,
} from '../shared/index.ts';
import { type Admin, errorBox, formFailure, keyInput, notAvailable, pager, serves, staffOnly } from './context.ts';
import { type FormBody, type Issue, text } from './product-form.ts';
import { input } from './product-views.ts';
import { shopCurrency } from './products.ts';
import type { Money, Page, Staff } from './types.ts';

/** Discount codes: list, create, deactivate and reactivate (`/api/admin/discounts…`). */

type Discount = {
  readonly id: string;
  readonly code: string;
  readonly type: 'percentage' | 'fixed';
  readonly value: number;
  readonly minSubtotal: Money | null;
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly usageLimit: number | null;
  readonly perCustomerLimit: number | null;
  readonly used: number;
  readonly active: boolean;
};

type CreateForm = { values: FormBody; issues: readonly Issue[]; failure?: ApiFailure };
const listPath = '/api/admin/discounts';

function describeValue(discount: Discount, currency: string): string {
  return discount.type === 'percentage'
    ? `${discount.value}% off`
    : `${formatMoney({ amount: discount.value, currency })} off`;
}

function discountTable(csrf: Html, items: readonly Discount[], currency: string): Html {
  if (items.length === 0) return html`<p class="empty">No discount codes yet.</p>`;
  const rows = items.map(
    (
      discount,
    ) => html`<tr data-discount="${discount.code}"><th scope="row"><code>${discount.code}</code></th><td>${describeValue(discount, currency)}</td>
<td>${discount.minSubtotal ? formatMoney(discount.minSubtotal) : '—'}</td>
<td class="small">${discount.startsAt ? formatDateTime(discount.startsAt) : 'now'} → ${discount.endsAt ? formatDateTime(discount.endsAt) : 'no end'}</td>
<td class="num">${discount.used}${discount.usageLimit === null ? '' : ` / ${discount.usageLimit}`}</td>
<td>${discount.active ? html`<span class="badge badge-success">active</span>` : html`<span class="badge badge-danger">inactive</span>`}</td>
<td><form method="post" action="/admin/discounts/${encodeURIComponent(discount.id)}/${discount.active ? 'deactivate' : 'activate'}">${csrf}
<button type="submit" class="btn-small${discount.active ? ' btn-danger' : ''}">${discount.active ? 'Deactivate' : 'Activate'}<span class="visually-hidden"> ${discount.code}</span></button></form></td></tr>`,
  );
  return html`<div class="table-wrap"><table id="discounts"><caption class="visually-hidden">Discount codes</caption>
<thead><tr><th scope="col">Code</th><th scope="col">Value</th><th scope="col">Minimum</th><th scope="col">Valid (UTC)</th><th scope="col" class="num">Used</th><th scope="col">State</th><th scope="col"><span class="visually-hidden">Action</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function createForm(admin: Admin, request: FastifyRequest, reply: FastifyReply, form: CreateForm): Html {
  const { values, issues } = form;
  const type = text(values, 'type') === 'fixed' ? 'fixed' : 'percentage';
  return html`<section class="card" aria-labelledby="new-discount"><h2 id="new-discount">New discount code</h2>
${errorBox(form.failure, 'The code was not created')}
<form class="form" method="post" action="/admin/discounts">${admin.csrfInput(request, reply)}${keyInput()}
${input(values, issues, { name: 'code', label: 'Code', hint: 'Letters, digits, "_" and "-"; not case-sensitive.', required: true, maxlength: 40 })}
<div class="field-row"><div class="field"><label for="f-type">Type</label><select id="f-type" name="type">
<option value="percentage"${type === 'percentage' ? html` selected` : ''}>Percentage</option><option value="fixed"${type === 'fixed' ? html` selected` : ''}>Fixed amount</option></select></div>
${input(values, issues, { name: 'value', label: 'Value', hint: 'Percent (e.g. 15) or an amount (e.g. 5.00).', required: true, inputmode: 'decimal' })}</div>
${input(values, issues, { name: 'minSubtotal', label: 'Minimum subtotal (optional)', inputmode: 'decimal', placeholder: '0.00' })}
<div class="field-row">${input(values, issues, { name: 'startsAt', label: 'Starts (UTC, optional)', type: 'datetime-local' })}
${input(values, issues, { name: 'endsAt', label: 'Ends (UTC, optional)', type: 'datetime-local' })}</div>
<div class="field-row">${input(values, issues, { name: 'usageLimit', label: 'Uses in all (optional)', inputmode: 'numeric' })}
${input(values, issues, { name: 'perCustomerLimit', label: 'Uses per customer (optional)', inputmode: 'numeric' })}</div>
<div><button type="submit" class="btn-primary">Create code</button></div></form></section>`;
}

/** `2026-05-01T09:30` (a datetime-local field, read as UTC) → ISO 8601. */
function instant(typed: string): string | undefined {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(typed)
    ? new Date(`${typed.length === 16 ? `${typed}:00` : typed}Z`).toISOString()
    : undefined;
}

export function parseDiscount(values: FormBody, currency: string): { body: Record<string, unknown>; issues: Issue[] } {
  const issues: Issue[] = [];
  const type = text(values, 'type') === 'fixed' ? 'fixed' : 'percentage';
  const valueText = text(values, 'value', 20);
  const value =
    type === 'fixed' ? parseMoneyInput(valueText) : /^\d{1,3}$/.test(valueText) ? Number(valueText) : undefined;
  if (value === undefined)
    issues.push({ path: 'value', message: type === 'fixed' ? 'an amount like 5.00' : 'a whole percent like 15' });
  const body: Record<string, unknown> = { code: text(values, 'code', 40), type, value: value ?? 0 };
  const minimum = text(values, 'minSubtotal', 20);
  if (minimum !== '') {
    const amount = parseMoneyInput(minimum);
    if (amount === undefined) issues.push({ path: 'minSubtotal', message: 'an amount like 50.00' });
    else body['minSubtotal'] = { amount, currency };
  }
  for (const name of ['startsAt', 'endsAt']) {
    const typed = text(values, name, 40);
    if (typed === '') continue;
    const iso = instant(typed);
    if (iso === undefined) issues.push({ path: name, message: 'a date and time' });
    else body[name] = iso;
  }
  for (const name of ['usageLimit', 'perCustomerLimit']) {
    const typed = text(values, name, 12);
    if (typed === '') continue;
    if (/^\d{1,9}$/.test(typed)) body[name] = Number(typed);
    else issues.push({ path: name, message: 'a whole number' });
  }
  return { body, issues };
}

async function discountsPage(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: Staff,
  form: CreateForm,
  status = 200,
) {
  if (!(await serves(admin, 'GET', listPath))) {
    return admin.render(request, reply, {
      title: 'Discounts',
      main: html`<h1>Discount codes</h1>${notAvailable(`GET ${listPath}`)}`,
      staff,
    });
  }
  const cursor = (request.query as { cursor?: string } | undefined)?.cursor;
  const [answer, currency] = await Promise.all([
    admin.call<Page<Discount>>(request, reply, { path: listPath, query: { limit: 50, cursor } }),
    shopCurrency(admin, request, reply),
  ]);
  const list =
    answer.status === 200
      ? html`${discountTable(admin.csrfInput(request, reply), answer.body.items, currency)}${pager('/admin/discounts', { cursor }, answer.body.nextCursor)}`
      : errorBox(failureOf(answer), 'Discount codes could not be listed');
  const main = html`<h1>Discount codes</h1>${list}${createForm(admin, request, reply, form)}`;
  return admin.render(request, reply, { title: 'Discounts', main, staff, status });
}

export function discountRoutes(admin: Admin): void {
  const { web, shared } = admin;

  web.get(
    '/admin/discounts',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) =>
      discountsPage(admin, request, reply, staff, { values: {}, issues: [] }),
    ),
  );

  web.post(
    '/admin/discounts',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    staffOnly(admin, async (request, reply, staff) => {
      const values = (request.body ?? {}) as FormBody;
      const { body, issues } = parseDiscount(values, await shopCurrency(admin, request, reply));
      if (issues.length > 0)
        return discountsPage(
          admin,
          request,
          reply,
          staff,
          { values, issues, failure: formFailure('Some fields need attention.', issues) },
          400,
        );
      const answer = await admin.call<Discount>(request, reply, {
        method: 'POST',
        path: listPath,
        body,
        idempotencyKey: text(values, '_key', 255) || undefined,
      });
      if (answer.status === 201 || answer.status === 200) {
        shared.flash.set(request, reply, 'success', `Discount code ${answer.body.code} created.`);
        return seeOther(reply, '/admin/discounts');
      }
      const failure = failureOf(answer);
      const fieldIssues = ((failure.details?.['issues'] as Issue[] | undefined) ?? []).map((issue) => ({
        path: issue.path.replace(/^body\.([A-Za-z]+).*/, '$1'),
        message: issue.message,
      }));
      return discountsPage(admin, request, reply, staff, { values, issues: fieldIssues, failure }, answer.status);
    }),
  );

  for (const action of ['deactivate', 'activate'] as const) {
    web.post<{ Params: { id: string } }>(
      `/admin/discounts/:id/${action}`,
      { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
      staffOnly(admin, async (request, reply) => {
        const answer = await admin.call<Discount>(request, reply, {
          method: 'PATCH',
          path: `${listPath}/${encodeURIComponent(request.params.id)}`,
          body: { active: action === 'activate' },
        });
        if (answer.status === 200)
          shared.flash.set(
            request,
            reply,
            'success',
            `${answer.body.code} is now ${answer.body.active ? 'active' : 'inactive'}.`,
          );
        else {
          const failure = failureOf(answer);
          shared.flash.set(request, reply, 'error', `Not changed: ${failure.message} (${failure.code})`);
        }
        return seeOther(reply, '/admin/discounts');
      }),
    );
  }
}
