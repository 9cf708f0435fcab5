import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ApiFailure, failureOf, type Html, html, seeOther } from '../shared/index.ts';
import { type Admin, errorBox, formFailure, keyInput, pager, staffOnly } from './context.ts';
import { type FormBody, type Issue, text } from './product-form.ts';
import { input } from './product-views.ts';
import type { Page, Staff, StockLevel } from './types.ts';

/**
 * Inventory: stock levels per SKU and location (`GET /api/admin/inventory`), narrowed
 * to one SKU, and adjustments with a reason (`POST /api/admin/inventory/{sku}/adjustments`).
 */

type Query = { sku?: string; cursor?: string };
type AdjustForm = { values: FormBody; issues: readonly Issue[]; failure?: ApiFailure };

function levelsTable(levels: readonly StockLevel[]): Html {
  if (levels.length === 0) return html`<p class="empty">No stock levels found.</p>`;
  const rows = levels.map(
    (
      level,
    ) => html`<tr><th scope="row"><a href="/admin/inventory?sku=${encodeURIComponent(level.sku)}#adjust-title">${level.sku}</a></th><td>${level.locationId}</td>
<td class="num">${level.onHand}</td><td class="num">${level.reserved}</td><td class="num">${level.available === 0 ? html`<span class="badge badge-danger">0</span>` : level.available}</td></tr>`,
  );
  return html`<div class="table-wrap"><table id="stock-levels"><caption class="visually-hidden">Stock levels</caption>
<thead><tr><th scope="col">SKU</th><th scope="col">Location</th><th scope="col" class="num">On hand</th><th scope="col" class="num">Reserved</th><th scope="col" class="num">Available</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function adjustForm(admin: Admin, request: FastifyRequest, reply: FastifyReply, form: AdjustForm): Html {
  const { values, issues } = form;
  return html`<section class="card" aria-labelledby="adjust-title"><h2 id="adjust-title">Adjust stock</h2>
${errorBox(form.failure, 'The stock was not adjusted')}
<form class="form" method="post" action="/admin/inventory/adjust">
${admin.csrfInput(request, reply)}${keyInput()}
<div class="field-row">
${input(values, issues, { name: 'sku', label: 'SKU', required: true, maxlength: 64 })}
${input(values, issues, { name: 'locationId', label: 'Location', hint: 'Empty: loc_default.', maxlength: 64 })}
</div>
<div class="field-row">
${input(values, issues, { name: 'delta', label: 'Change in units', hint: 'Positive adds, negative removes (never below what is reserved).', inputmode: 'numeric', required: true })}
${input(values, issues, { name: 'reason', label: 'Reason', hint: 'For the audit log, e.g. “cycle count”.', required: true, maxlength: 200 })}
</div>
<div><button type="submit" class="btn-primary">Adjust</button></div>
</form></section>`;
}

async function inventoryPage(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: Staff,
  query: Query,
  form: AdjustForm,
  status = 200,
) {
  const sku = (query.sku ?? '').trim().slice(0, 64);
  const answer = await admin.call<Page<StockLevel>>(request, reply, {
    path: '/api/admin/inventory',
    query: { sku, limit: 50, cursor: query.cursor },
  });
  const levels =
    answer.status === 200
      ? html`${levelsTable(answer.body.items)}${pager('/admin/inventory', { sku, cursor: query.cursor }, answer.body.nextCursor)}`
      : errorBox(failureOf(answer), 'Stock levels could not be listed');
  const main = html`<h1>Inventory</h1>
<form class="toolbar" method="get" action="/admin/inventory" role="search">
<div class="field"><label for="inventory-sku">Find a SKU</label><input id="inventory-sku" name="sku" value="${sku}" maxlength="64" placeholder="Exact SKU"></div>
<div class="cluster"><button type="submit">Find</button>${sku === '' ? '' : html`<a href="/admin/inventory">All SKUs</a>`}</div>
</form>
${levels}
${adjustForm(admin, request, reply, form)}`;
  return admin.render(request, reply, { title: 'Inventory', main, staff, status });
}

/** The adjustment body, or the issues of the form. */
export function parseAdjustment(values: FormBody): {
  sku: string;
  body: { delta: number; reason: string; locationId?: string };
  issues: Issue[];
} {
  const issues: Issue[] = [];
  const sku = text(values, 'sku', 64);
  const deltaText = text(values, 'delta', 12);
  const delta = /^[+-]?\d+$/.test(deltaText) ? Number(deltaText) : Number.NaN;
  const reason = text(values, 'reason', 200);
  const locationId = text(values, 'locationId', 64);
  if (sku === '') issues.push({ path: 'sku', message: 'enter the SKU' });
  if (!Number.isSafeInteger(delta) || delta === 0)
    issues.push({ path: 'delta', message: 'a whole number of units, not 0, like 5 or -2' });
  if (reason === '') issues.push({ path: 'reason', message: 'say why' });
  return { sku, body: { delta, reason, ...(locationId === '' ? {} : { locationId }) }, issues };
}

export function inventoryRoutes(admin: Admin): void {
  const { web, shared } = admin;

  web.get(
    '/admin/inventory',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      const query = request.query as Query;
      const values = query.sku ? { sku: query.sku } : {};
      return inventoryPage(admin, request, reply, staff, query, { values, issues: [] });
    }),
  );

  web.post(
    '/admin/inventory/adjust',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
    staffOnly(admin, async (request, reply, staff) => {
      const values = (request.body ?? {}) as FormBody;
      const { sku, body, issues } = parseAdjustment(values);
      if (issues.length > 0) {
        const failure = formFailure('Some fields need attention.', issues);
        return inventoryPage(admin, request, reply, staff, { sku }, { values, issues, failure }, 400);
      }
      const answer = await admin.call<StockLevel>(request, reply, {
        method: 'POST',
        path: `/api/admin/inventory/${encodeURIComponent(sku)}/adjustments`,
        body,
        idempotencyKey: text(values, '_key', 255) || undefined,
      });
      if (answer.status === 200 || answer.status === 201) {
        const level = answer.body;
        shared.flash.set(
          request,
          reply,
          'success',
          `${level.sku} at ${level.locationId}: ${level.onHand} on hand, ${level.available} available.`,
        );
        return seeOther(reply, `/admin/inventory?sku=${encodeURIComponent(sku)}`);
      }
      const failure = failureOf(answer);
      const fieldIssues = ((failure.details?.['issues'] as Issue[] | undefined) ?? []).map((issue) => ({
        path: issue.path.replace(/^body\./, ''),
        message: issue.message,
      }));
      return inventoryPage(
        admin,
        request,
        reply,
        staff,
        { sku },
        { values, issues: fieldIssues, failure },
        answer.status,
      );
    }),
  );
}
