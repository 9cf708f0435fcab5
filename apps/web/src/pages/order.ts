import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storefront } from '../context.ts';
import { type ApiAnswer, localFailure } from '../shared/api.ts';
import { field } from '../shared/guards.ts';
import { type Html, html } from '../shared/html.ts';
import { seeOther } from '../shared/respond.ts';
import type { Order } from '../types.ts';
import { shopperMessage } from '../views/messages.ts';
import { orderSummary, statusBadge } from '../views/order-view.ts';

const cancellable = new Set(['pending', 'placed']);
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;
const pendingRefreshSeconds = 2;

/** Reads an order as this browser may: its customer session, or the guest token it keeps. */
export async function loadOrder(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  orderId: string,
): Promise<ApiAnswer<Order>> {
  if (!idPattern.test(orderId)) return localFailure(404, 'order_not_found', 'No such order.') as ApiAnswer<Order>;
  const token = store.guestOrders.tokenOf(request, orderId);
  return store.call<Order>(request, reply, { path: `/api/orders/${orderId}`, query: { token } });
}

function returnForm(order: Order, csrf: Html): Html {
  return html`<details><summary>Request a return</summary>
<form method="post" action="/orders/${order.id}/returns" class="form">${csrf}
${order.items.map((item) => html`<div class="field"><label for="return-${item.id}">${item.title} — quantity to return (of ${item.quantity})</label><input id="return-${item.id}" class="quantity-input" type="number" name="qty_${item.id}" value="0" min="0" max="${item.quantity}" inputmode="numeric"></div>`)}
<div class="field"><label for="return-reason">Reason</label><textarea id="return-reason" name="reason" required maxlength="500"></textarea></div>
<button type="submit" class="btn">Request return</button></form></details>`;
}

function reviewForms(order: Order, csrf: Html): Html {
  const products = [...new Map(order.items.map((item) => [item.productId, item])).values()];
  return html`<section aria-labelledby="review-heading" class="stack"><h2 id="review-heading">Review your items</h2>
${products.map(
  (item) => html`<details><summary>Review ${item.title}</summary>
<form method="post" action="/orders/${order.id}/reviews/${item.productId}" class="form">${csrf}
<div class="field"><label for="rating-${item.productId}">Rating</label><select id="rating-${item.productId}" name="rating">${[5, 4, 3, 2, 1].map((stars) => html`<option value="${stars}">${stars} star${stars === 1 ? '' : 's'}</option>`)}</select></div>
<div class="field"><label for="title-${item.productId}">Title</label><input id="title-${item.productId}" name="title" required maxlength="120"></div>
<div class="field"><label for="body-${item.productId}">Your review</label><textarea id="body-${item.productId}" name="body" required maxlength="4000"></textarea></div>
<button type="submit" class="btn">Post review</button></form></details>`,
)}
</section>`;
}

async function orderPage(store: Storefront, request: FastifyRequest, reply: FastifyReply, orderId: string) {
  const answer = await loadOrder(store, request, reply, orderId);
  if (answer.status !== 200) {
    const main = html`<h1>Order not found</h1><p>Sign in with the account that placed it, or open it from the browser you ordered with.</p><p><a class="btn" href="/account/login?next=/orders/${idPattern.test(orderId) ? orderId : ''}">Sign in</a></p>`;
    return store.render(request, reply, { title: 'Order not found', main, status: 404, noindex: true });
  }
  const order = answer.body;
  const csrf = store.csrfInput(request, reply);
  const delivered = order.status === 'delivered';
  const [returns, reviews] = await Promise.all([
    delivered ? store.shared.api.hasEndpoint('POST', '/api/orders/{id}/returns') : false,
    delivered && store.session.signedIn(request)
      ? store.shared.api.hasEndpoint('POST', '/api/products/{id}/reviews')
      : false,
  ]);
  const pending = order.status === 'pending';
  const main = html`<h1>Order ${order.number}</h1>
<p>Status: ${statusBadge(order.status)}</p>
${pending ? html`<p class="flash flash-info" role="status">We are confirming your payment. This page refreshes by itself.</p>` : ''}
${order.status === 'failed' ? html`<p class="flash flash-error" role="alert">This order could not be completed. You have not been charged.</p>` : ''}
${orderSummary(order)}
<div class="cluster">
${cancellable.has(order.status) ? html`<form method="post" action="/orders/${order.id}/cancel">${csrf}<button type="submit" class="btn btn-danger">Cancel order</button></form>` : ''}
${store.session.signedIn(request) ? html`<a class="btn" href="/account">All your orders</a>` : ''}
</div>
${returns ? returnForm(order, csrf) : ''}
${reviews ? reviewForms(order, csrf) : ''}`;
  return store.render(request, reply, {
    title: `Order ${order.number}`,
    main,
    noindex: true,
    ...(pending ? { head: html`<meta http-equiv="refresh" content="${pendingRefreshSeconds}">` } : {}),
  });
}

function after(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: ApiAnswer,
  success: string,
  location: string,
) {
  const ok = answer.status >= 200 && answer.status < 300;
  store.shared.flash.set(request, reply, ok ? 'success' : 'error', ok ? success : shopperMessage(answer));
  return seeOther(reply, location);
}

/** `/orders/:id` (confirmation and detail) and its actions: cancel, return request, review. */
export function orderPages(app: FastifyInstance, store: Storefront): void {
  const post = { config: { auth: 'public' as const, idempotency: 'off' as const }, preHandler: store.shared.csrfGuard };
  app.get<{ Params: { id: string } }>('/orders/:id', { config: { auth: 'public' } }, (request, reply) =>
    orderPage(store, request, reply, request.params.id),
  );

  app.post<{ Params: { id: string } }>('/orders/:id/cancel', post, async (request, reply) => {
    const { id } = request.params;
    if (!idPattern.test(id)) return seeOther(reply, '/account');
    const token = store.guestOrders.tokenOf(request, id);
    const answer = await store.call(request, reply, {
      method: 'POST',
      path: `/api/orders/${id}/cancel`,
      query: { token },
    });
    return after(
      store,
      request,
      reply,
      answer,
      'Your order has been cancelled. Any payment has been released.',
      `/orders/${id}`,
    );
  });

  app.post<{ Params: { id: string } }>('/orders/:id/returns', post, async (request, reply) => {
    const { id } = request.params;
    const order = await loadOrder(store, request, reply, id);
    if (order.status !== 200) return seeOther(reply, '/account');
    const items = order.body.items
      .map((item) => ({ orderItemId: item.id, quantity: Number(field(request.body, `qty_${item.id}`, 4) ?? '0') }))
      .filter((item) => Number.isInteger(item.quantity) && item.quantity > 0);
    const reason = field(request.body, 'reason', 500);
    if (items.length === 0 || reason === undefined) {
      store.shared.flash.set(request, reply, 'error', 'Choose at least one item to return and tell us why.');
      return seeOther(reply, `/orders/${id}`);
    }
    const answer = await store.call(request, reply, {
      method: 'POST',
      path: `/api/orders/${id}/returns`,
      body: { items, reason },
    });
    return after(
      store,
      request,
      reply,
      answer,
      'Your return request has been received. We will email you the next steps.',
      `/orders/${id}`,
    );
  });

  app.post<{ Params: { id: string; productId: string } }>(
    '/orders/:id/reviews/:productId',
    post,
    async (request, reply) => {
      const { id, productId } = request.params;
      const rating = Number(field(request.body, 'rating', 1));
      const title = field(request.body, 'title', 120);
      const body = field(request.body, 'body', 4000);
      if (!idPattern.test(id) || !idPattern.test(productId)) return seeOther(reply, '/account');
      if (!Number.isInteger(rating) || rating < 1 || rating > 5 || title === undefined || body === undefined) {
        store.shared.flash.set(request, reply, 'error', 'Give a rating from 1 to 5, a title and a few words.');
        return seeOther(reply, `/orders/${id}`);
      }
      const answer = await store.call(request, reply, {
        method: 'POST',
        path: `/api/products/${productId}/reviews`,
        body: { rating, title, body },
      });
      return after(store, request, reply, answer, 'Thank you for your review!', `/orders/${id}`);
    },
  );
}
