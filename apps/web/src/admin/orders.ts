import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  type ApiFailure,
  failureOf,
  formatDateTime,
  formatMoney,
  type Html,
  html,
  humanize,
  parseMoneyInput,
  seeOther,
} from '../shared/index.ts';
import { type Admin, errorBox, formFailure, keyInput, pager, staffOnly, statusBadge } from './context.ts';
import { type FormBody, formatAmount, type Issue, text } from './product-form.ts';
import { input } from './product-views.ts';
import { type Order, orderStatuses, type Page, type Staff } from './types.ts';

/**
 * Orders: the list filtered by status, the detail, and the staff actions of the admin
 * API — fulfill (carrier and tracking number; the payment is captured), deliver, and
 * refund (amount and reason; never more than was captured). Each action form carries an
 * `Idempotency-Key`, so a double-clicked refund is made once.
 */

type Query = { status?: string; cursor?: string };
type IdParams = { Params: { id: string } };
type Action = 'fulfill' | 'refund' | 'deliver';
type ActionForm = { action: Action; values: FormBody; issues: readonly Issue[]; failure: ApiFailure; status: number };

function ordersTable(items: readonly Order[]): Html {
  if (items.length === 0) return html`<p class="empty">No orders.</p>`;
  const rows = items.map(
    (
      order,
    ) => html`<tr data-order="${order.id}"><th scope="row"><a href="/admin/orders/${encodeURIComponent(order.id)}">${order.number}</a></th>
<td>${formatDateTime(order.createdAt)}</td><td>${order.email}</td><td>${statusBadge(order.status)}</td>
<td>${humanize(order.payment.status)}</td><td class="num">${formatMoney(order.totals.total)}</td></tr>`,
  );
  return html`<div class="table-wrap"><table id="orders"><caption class="visually-hidden">Orders</caption>
<thead><tr><th scope="col">Order</th><th scope="col">Placed</th><th scope="col">Email</th><th scope="col">Status</th><th scope="col">Payment</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

function statusFilter(current: string): Html {
  const options = orderStatuses.map(
    (status) =>
      html`<option value="${status}"${status === current ? html` selected` : ''}>${humanize(status)}</option>`,
  );
  return html`<form class="toolbar" method="get" action="/admin/orders">
<div class="field"><label for="order-status">Status</label><select id="order-status" name="status"><option value="">All statuses</option>${options}</select></div>
<div><button type="submit">Filter</button></div></form>`;
}

function detailTables(order: Order): Html {
  const items = order.items.map(
    (
      item,
    ) => html`<tr><th scope="row">${item.title}<br><span class="small muted">${item.sku}</span></th><td class="num">${item.quantity}</td>
<td class="num">${formatMoney(item.unitPrice)}</td><td class="num">${formatMoney(item.lineTotal)}</td></tr>`,
  );
  const address = order.shippingAddress;
  const totals = order.totals;
  return html`<div class="two-columns"><div>
<div class="table-wrap"><table><caption class="visually-hidden">Items</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Price</th><th scope="col" class="num">Total</th></tr></thead>
<tbody>${items}</tbody></table></div>
<div class="totals"><div><span>Subtotal</span><span>${formatMoney(totals.subtotal)}</span></div>
${totals.discount.amount > 0 ? html`<div><span>Discount</span><span>−${formatMoney(totals.discount)}</span></div>` : ''}
<div><span>Shipping</span><span>${formatMoney(totals.shipping)}</span></div><div><span>Tax</span><span>${formatMoney(totals.tax)}</span></div>
<div class="grand"><span>Total</span><span>${formatMoney(totals.total)}</span></div>
${order.refunded && order.refunded.amount > 0 ? html`<div><span>Refunded</span><span id="refunded">−${formatMoney(order.refunded)}</span></div>` : ''}</div>
</div><div class="stack">
<div class="card"><h2>Customer</h2><p>${order.email}</p><address>${address.name}<br>${address.line1}${address.line2 ? html`<br>${address.line2}` : ''}<br>${address.postalCode} ${address.city}<br>${address.country}</address></div>
<div class="card"><h2>Shipping and payment</h2><dl class="facts"><dt>Method</dt><dd>${humanize(order.shippingMethod)}</dd>
<dt>Payment</dt><dd id="payment-status">${humanize(order.payment.status)} (${order.payment.method})</dd>
${order.shipment ? html`<dt>Carrier</dt><dd>${order.shipment.carrier}</dd><dt>Tracking</dt><dd id="tracking">${order.shipment.trackingNumber}</dd>` : ''}</dl></div>
</div></div>`;
}

function actionForms(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  order: Order,
  form: ActionForm | undefined,
): Html {
  const id = encodeURIComponent(order.id);
  const valuesFor = (action: Action) => (form?.action === action ? form.values : {});
  const issuesFor = (action: Action) => (form?.action === action ? form.issues : []);
  const errorFor = (action: Action, heading: string) =>
    form?.action === action ? errorBox(form.failure, heading) : '';
  const capturedLeft = order.totals.total.amount - (order.refunded?.amount ?? 0);
  const refundValues = form?.action === 'refund' ? form.values : { amount: formatAmount(Math.max(0, capturedLeft)) };
  const fulfill = html`<section class="card" aria-labelledby="fulfill-title"><h3 id="fulfill-title">Fulfill</h3>
<p class="small muted">Captures the payment and takes the units out of stock.</p>
${errorFor('fulfill', 'Not fulfilled')}
<form class="form" method="post" action="/admin/orders/${id}/fulfill">${admin.csrfInput(request, reply)}${keyInput()}
${input(valuesFor('fulfill'), issuesFor('fulfill'), { name: 'carrier', label: 'Carrier', required: true, maxlength: 100 })}
${input(valuesFor('fulfill'), issuesFor('fulfill'), { name: 'trackingNumber', label: 'Tracking number', required: true, maxlength: 100 })}
<div><button type="submit" class="btn-primary">Fulfill order</button></div></form></section>`;
  const deliver = html`<section class="card" aria-labelledby="deliver-title"><h3 id="deliver-title">Deliver</h3>
<p class="small muted">The shipment arrived.</p>
${errorFor('deliver', 'Not marked delivered')}
<form method="post" action="/admin/orders/${id}/deliver">${admin.csrfInput(request, reply)}${keyInput()}
<button type="submit">Mark delivered</button></form></section>`;
  const refund = html`<section class="card" aria-labelledby="refund-title"><h3 id="refund-title">Refund</h3>
<p class="small muted">Never more than was captured.</p>
${errorFor('refund', 'Not refunded')}
<form class="form" method="post" action="/admin/orders/${id}/refund">${admin.csrfInput(request, reply)}${keyInput()}
<input type="hidden" name="currency" value="${order.totals.total.currency}">
${input(refundValues, issuesFor('refund'), { name: 'amount', label: `Amount (${order.totals.total.currency})`, required: true, inputmode: 'decimal' })}
${input(valuesFor('refund'), issuesFor('refund'), { name: 'reason', label: 'Reason', required: true, maxlength: 500 })}
<div><button type="submit" class="btn-danger">Refund</button></div></form></section>`;
  // The forms the order's status allows (the API decides in the end; a refused action shows why).
  const shown = [
    (order.status === 'placed' || form?.action === 'fulfill') && fulfill,
    (order.status === 'fulfilled' || form?.action === 'deliver') && deliver,
    (['fulfilled', 'delivered', 'partially_refunded'].includes(order.status) || form?.action === 'refund') && refund,
  ].filter((part): part is Html => part !== false);
  const none = html`<p class="muted">No staff action applies to a ${humanize(order.status).toLowerCase()} order.</p>`;
  return html`<h2>Actions</h2>${shown.length === 0 ? none : html`<div class="grid actions">${shown}</div>`}`;
}

async function orderPage(
  admin: Admin,
  request: FastifyRequest,
  reply: FastifyReply,
  staff: Staff,
  id: string,
  form?: ActionForm,
) {
  const answer = await admin.call<Order>(request, reply, { path: `/api/admin/orders/${encodeURIComponent(id)}` });
  if (answer.status !== 200) {
    const main = html`<h1>Order not available</h1>${errorBox(failureOf(answer), 'The order could not be loaded')}<p><a href="/admin/orders">Back to orders</a></p>`;
    return admin.render(request, reply, {
      title: 'Order',
      main,
      staff,
      status: answer.status === 404 ? 404 : answer.status,
    });
  }
  const order = answer.body;
  const main = html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/admin/orders">Orders</a></li><li aria-current="page">${order.number}</li></ol></nav>
<h1>Order ${order.number} <span id="order-status">${statusBadge(order.status)}</span></h1>
<p class="small muted">Placed ${formatDateTime(order.createdAt)} · id <code>${order.id}</code></p>
${detailTables(order)}
${actionForms(admin, request, reply, order, form)}`;
  return admin.render(request, reply, { title: `Order ${order.number}`, main, staff, status: form?.status ?? 200 });
}

/** Reads an action form; undefined body = nothing to send (deliver). */
function actionBody(action: Action, values: FormBody): { body?: unknown; issues: Issue[] } {
  const issues: Issue[] = [];
  if (action === 'fulfill') {
    const carrier = text(values, 'carrier', 100);
    const trackingNumber = text(values, 'trackingNumber', 100);
    if (carrier === '') issues.push({ path: 'carrier', message: 'enter the carrier' });
    if (trackingNumber === '') issues.push({ path: 'trackingNumber', message: 'enter the tracking number' });
    return { body: { carrier, trackingNumber }, issues };
  }
  if (action === 'refund') {
    const amount = parseMoneyInput(text(values, 'amount', 20));
    const reason = text(values, 'reason', 500);
    const currency = text(values, 'currency', 3) || 'USD';
    if (amount === undefined || amount === 0)
      issues.push({ path: 'amount', message: 'an amount like 12.50, more than 0' });
    if (reason === '') issues.push({ path: 'reason', message: 'say why' });
    return { body: { amount: { amount: amount ?? 0, currency }, reason }, issues };
  }
  return { issues };
}

const actionPaths: Record<Action, { path: string; done: string }> = {
  fulfill: { path: 'fulfill', done: 'Order fulfilled; the payment was captured.' },
  deliver: { path: 'deliver', done: 'Order marked delivered.' },
  refund: { path: 'refund', done: 'Refund made.' },
};

export function orderRoutes(admin: Admin): void {
  const { web, shared } = admin;

  web.get(
    '/admin/orders',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => {
      const query = request.query as Query;
      const status = orderStatuses.includes(query.status as Order['status']) ? (query.status as string) : '';
      const answer = await admin.call<Page<Order>>(request, reply, {
        path: '/api/admin/orders',
        query: { status, limit: 25, cursor: query.cursor },
      });
      const body =
        answer.status === 200
          ? html`${ordersTable(answer.body.items)}${pager('/admin/orders', { status, cursor: query.cursor }, answer.body.nextCursor)}`
          : errorBox(failureOf(answer), 'Orders could not be listed');
      return admin.render(request, reply, {
        title: 'Orders',
        main: html`<h1>Orders</h1>${statusFilter(status)}${body}`,
        staff,
      });
    }),
  );

  web.get<IdParams>(
    '/admin/orders/:id',
    { config: { auth: 'public' } },
    staffOnly(admin, async (request, reply, staff) => orderPage(admin, request, reply, staff, request.params.id)),
  );

  for (const action of ['fulfill', 'deliver', 'refund'] as const) {
    web.post<IdParams>(
      `/admin/orders/:id/${action}`,
      { config: { auth: 'public', idempotency: 'off' }, preHandler: shared.csrfGuard },
      staffOnly(admin, async (request, reply, staff) => {
        const id = request.params.id;
        const values = (request.body ?? {}) as FormBody;
        const { body, issues } = actionBody(action, values);
        if (issues.length > 0) {
          return orderPage(admin, request, reply, staff, id, {
            action,
            values,
            issues,
            failure: formFailure('Some fields need attention.', issues),
            status: 400,
          });
        }
        const answer = await admin.call<Order>(request, reply, {
          method: 'POST',
          path: `/api/admin/orders/${encodeURIComponent(id)}/${actionPaths[action].path}`,
          ...(body === undefined ? {} : { body }),
          idempotencyKey: text(values, '_key', 255) || undefined,
        });
        if (answer.status === 200 || answer.status === 201) {
          shared.flash.set(request, reply, 'success', actionPaths[action].done);
          return seeOther(reply, `/admin/orders/${encodeURIComponent(id)}`);
        }
        const failure = failureOf(answer);
        const fieldIssues = ((failure.details?.['issues'] as Issue[] | undefined) ?? []).map((issue) => ({
          path: issue.path.replace(/^body\./, '').replace(/^amount\..*/, 'amount'),
          message: issue.message,
        }));
        return orderPage(admin, request, reply, staff, id, {
          action,
          values,
          issues: fieldIssues,
          failure,
          status: answer.status,
        });
      }),
    );
  }
}
