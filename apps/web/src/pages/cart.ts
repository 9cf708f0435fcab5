import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storefront } from '../context.ts';
import { type ApiAnswer, localFailure } from '../shared/api.ts';
import { formatMoney } from '../shared/format.ts';
import { field, wantsJson } from '../shared/guards.ts';
import { type Html, html } from '../shared/html.ts';
import { safeLocation, seeOther } from '../shared/respond.ts';
import type { Cart, CartItem } from '../types.ts';
import { productImage } from '../views/images.ts';
import { totalsView } from '../views/totals.ts';
import { shopperMessage } from '../views/messages.ts';

const quantityMax = 999;

function quantityOf(body: unknown, min: number): number | undefined {
  const text = field(body, 'quantity', 5);
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const quantity = Number(text);
  return quantity >= min && quantity <= quantityMax ? quantity : undefined;
}

function lineView(item: CartItem, csrf: Html): Html {
  return html`<tr>
<td><div class="cluster">${productImage(item.thumbnailUrl ?? null, { alt: '', sizes: '4rem', className: 'cart-thumb' })}<div><strong>${item.title}</strong>${item.variantTitle ? html`<br><span class="muted small">${item.variantTitle}</span>` : ''}<br><span class="muted small">SKU ${item.sku}</span></div></div></td>
<td class="num">${formatMoney(item.unitPrice)}</td>
<td><form method="post" action="/cart/items/${item.id}" class="cluster">${csrf}<label class="visually-hidden" for="qty-${item.id}">Quantity of ${item.title}</label><input id="qty-${item.id}" class="quantity-input" type="number" name="quantity" value="${item.quantity}" min="0" max="${quantityMax}" inputmode="numeric"><button type="submit" class="btn-small">Update</button></form></td>
<td class="num">${formatMoney(item.lineTotal)}</td>
<td><form method="post" action="/cart/items/${item.id}/remove">${csrf}<button type="submit" class="btn-small btn-danger">Remove<span class="visually-hidden"> ${item.title}</span></button></form></td>
</tr>`;
}

function discountView(cart: Cart, csrf: Html): Html {
  const held = cart.discount ?? null;
  const problem = held?.problem
    ? shopperMessage(localFailure(409, held.problem, 'This code does not apply to your cart now.'))
    : undefined;
  return html`<form method="post" action="/cart/discount" class="cluster">${csrf}
<label for="discount-code">Discount code</label><input id="discount-code" class="code-input" name="code" maxlength="64" autocomplete="off"><button type="submit" class="btn-small">Apply</button></form>
${held === null && cart.totals.discount.amount === 0 ? '' : html`<div class="cluster">${held === null ? '' : html`<p>Code <strong>${held.code}</strong> ${problem === undefined ? 'applied.' : html`<span class="field-error">does not apply: ${problem}</span>`}</p>`}<form method="post" action="/cart/discount/remove">${csrf}<button type="submit" class="btn-link">Remove discount</button></form></div>`}`;
}

async function cartPage(store: Storefront, request: FastifyRequest, reply: FastifyReply) {
  const cart = await store.cart.load(request, reply);
  if (cart === undefined || cart.items.length === 0) {
    const main = html`<h1>Your cart</h1><p class="empty">Your cart is empty.</p><p><a class="btn btn-primary" href="/">Continue shopping</a></p>`;
    return store.render(request, reply, { title: 'Your cart', main, noindex: true });
  }
  const csrf = store.csrfInput(request, reply);
  const discounts = await store.shared.api.hasEndpoint('POST', '/api/carts/{id}/discount');
  const main = html`<h1>Your cart</h1>
<div class="table-wrap"><table class="cart-table"><caption class="visually-hidden">Items in your cart</caption>
<thead><tr><th scope="col">Item</th><th scope="col" class="num">Price</th><th scope="col">Quantity</th><th scope="col" class="num">Total</th><th scope="col"><span class="visually-hidden">Remove</span></th></tr></thead>
<tbody>${cart.items.map((item) => lineView(item, csrf))}</tbody></table></div>
<div class="two-columns"><div>${discounts ? discountView(cart, csrf) : ''}</div>
<div class="stack">${totalsView(cart.totals)}<p class="muted small right">Shipping and tax are added at checkout.</p><a class="btn btn-primary btn-block" href="/checkout">Check out</a></div></div>`;
  return store.render(request, reply, { title: 'Your cart', main, noindex: true });
}

/** Runs a cart change on this browser's cart; a stale cart cookie is replaced once. */
async function change(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  build: (cartId: string) => Parameters<Storefront['call']>[2],
): Promise<ApiAnswer> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const ensured = await store.cart.ensure(request, reply);
    if ('failure' in ensured) return ensured.failure;
    const answer = await store.call<Cart>(request, reply, build(ensured.cart.id));
    if (answer.status === 200) store.cart.remember(request, reply, answer.body);
    const code = (answer.body as { error?: { code?: string } } | null)?.error?.code;
    if (code !== 'cart_not_found' && code !== 'cart_merged' && code !== 'cart_already_checked_out') return answer;
    store.cart.forget(request, reply);
  }
  return localFailure(409, 'cart_unavailable', 'Your cart changed. Please try again.');
}

function done(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: ApiAnswer,
  success: string,
  location: string,
) {
  const ok = answer.status === 200;
  const message = ok ? success : shopperMessage(answer);
  if (wantsJson(request)) {
    return reply
      .code(ok ? 200 : answer.status >= 500 ? 503 : 409)
      .header('cache-control', 'no-store')
      .send({ ok, message, count: store.cart.count(request) });
  }
  store.shared.flash.set(request, reply, ok ? 'success' : 'error', message);
  return seeOther(reply, location);
}

/** `/cart` and its form actions (add, change quantity, remove, discount code). */
export function cartPages(app: FastifyInstance, store: Storefront): void {
  const post = { config: { auth: 'public' as const, idempotency: 'off' as const }, preHandler: store.shared.csrfGuard };
  app.get('/cart', { config: { auth: 'public' } }, (request, reply) => cartPage(store, request, reply));

  app.post('/cart/items', post, async (request, reply) => {
    const returnTo = safeLocation(field(request.body, 'returnTo', 300), '/cart');
    const variantId = field(request.body, 'variantId', 64);
    const quantity = quantityOf(request.body, 1);
    if (variantId === undefined || quantity === undefined) {
      return done(
        store,
        request,
        reply,
        localFailure(400, 'invalid_request', 'Choose an option and a quantity from 1 to 999.'),
        '',
        returnTo,
      );
    }
    const answer = await change(store, request, reply, (cartId) => ({
      method: 'POST',
      path: `/api/carts/${cartId}/items`,
      body: { variantId, quantity },
    }));
    return done(store, request, reply, answer, 'Added to your cart.', returnTo);
  });

  app.post<{ Params: { itemId: string } }>('/cart/items/:itemId', post, async (request, reply) => {
    const quantity = quantityOf(request.body, 0);
    if (quantity === undefined) {
      return done(
        store,
        request,
        reply,
        localFailure(400, 'invalid_request', 'Enter a quantity from 0 to 999.'),
        '',
        '/cart',
      );
    }
    const { itemId } = request.params;
    const answer = await change(store, request, reply, (cartId) => ({
      method: 'PATCH',
      path: `/api/carts/${cartId}/items/${encodeURIComponent(itemId)}`,
      body: { quantity },
    }));
    return done(
      store,
      request,
      reply,
      answer,
      quantity === 0 ? 'Removed from your cart.' : 'Quantity updated.',
      '/cart',
    );
  });

  app.post<{ Params: { itemId: string } }>('/cart/items/:itemId/remove', post, async (request, reply) => {
    const { itemId } = request.params;
    const answer = await change(store, request, reply, (cartId) => ({
      method: 'DELETE',
      path: `/api/carts/${cartId}/items/${encodeURIComponent(itemId)}`,
    }));
    return done(store, request, reply, answer, 'Removed from your cart.', '/cart');
  });

  app.post('/cart/discount', post, async (request, reply) => {
    const code = field(request.body, 'code', 64);
    if (code === undefined)
      return done(store, request, reply, localFailure(400, 'invalid_request', 'Enter a discount code.'), '', '/cart');
    const answer = await change(store, request, reply, (cartId) => ({
      method: 'POST',
      path: `/api/carts/${cartId}/discount`,
      body: { code },
    }));
    return done(store, request, reply, answer, 'Discount applied.', '/cart');
  });

  app.post('/cart/discount/remove', post, async (request, reply) => {
    const answer = await change(store, request, reply, (cartId) => ({
      method: 'DELETE',
      path: `/api/carts/${cartId}/discount`,
    }));
    return done(store, request, reply, answer, 'Discount removed.', '/cart');
  });
}
