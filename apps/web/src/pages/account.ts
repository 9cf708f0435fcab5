import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storefront } from '../context.ts';
import type { ApiAnswer } from '../shared/api.ts';
import { failureOf } from '../shared/api.ts';
import { formatDate, formatMoney } from '../shared/format.ts';
import { field } from '../shared/guards.ts';
import { type Html, html } from '../shared/html.ts';
import { safeLocation, seeOther } from '../shared/respond.ts';
import type { AuthAnswer, Customer, Order } from '../types.ts';
import { shopperMessage } from '../views/messages.ts';
import { statusBadge } from '../views/order-view.ts';

const ordersPerPage = 20;

type FormState = {
  readonly email?: string;
  readonly name?: string;
  readonly next: string;
  readonly error?: string;
  readonly otp?: boolean;
};

function errorBox(error: string | undefined): Html {
  return error === undefined
    ? html``
    : html`<div class="flash flash-error" role="alert" id="form-error">${error}</div>`;
}

function loginForm(csrf: Html, state: FormState): Html {
  return html`<h1>Sign in</h1>${errorBox(state.error)}
<form method="post" action="/account/login" class="form">${csrf}
<input type="hidden" name="next" value="${state.next}">
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${state.email ?? ''}"${state.email === undefined ? ' autofocus' : ''}></div>
<div class="field"><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required maxlength="128"${state.email === undefined ? '' : ' autofocus'}></div>
<div class="field"><label for="otp">Two-factor code <span class="hint">(only if you turned it on)</span></label><input id="otp" name="otp" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6"${state.otp ? ' required' : ''}></div>
<button type="submit" class="btn-primary">Sign in</button>
</form>
<p>New here? <a href="/account/register?next=${encodeURIComponent(state.next)}">Create an account</a></p>`;
}

function registerForm(csrf: Html, state: FormState): Html {
  return html`<h1>Create an account</h1>${errorBox(state.error)}
<form method="post" action="/account/register" class="form">${csrf}
<input type="hidden" name="next" value="${state.next}">
<div class="field"><label for="name">Name</label><input id="name" name="name" autocomplete="name" required maxlength="200" value="${state.name ?? ''}"></div>
<div class="field"><label for="email">Email</label><input id="email" name="email" type="email" autocomplete="email" required maxlength="254" value="${state.email ?? ''}"></div>
<div class="field"><label for="password">Password <span class="hint">(at least 8 characters)</span></label><input id="password" name="password" type="password" autocomplete="new-password" required minlength="8" maxlength="128"></div>
<button type="submit" class="btn-primary">Create account</button>
</form>
<p>Already have an account? <a href="/account/login?next=${encodeURIComponent(state.next)}">Sign in</a></p>`;
}

/** Stores the tokens, folds the anonymous cart into the customer's, and goes on. */
async function signedIn(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  answer: ApiAnswer<AuthAnswer>,
  next: string,
  message: string,
) {
  const anonymousCart = store.cart.id(request);
  store.session.signIn(request, reply, answer.body);
  await store.cart.adopt(request, reply, anonymousCart);
  store.shared.flash.set(request, reply, 'success', message);
  return seeOther(reply, next);
}

function nextOf(source: unknown): string {
  return safeLocation(field(source, 'next', 300), '/account');
}

async function accountPage(store: Storefront, request: FastifyRequest, reply: FastifyReply) {
  if (!store.session.signedIn(request)) return seeOther(reply, '/account/login?next=/account');
  const cursor = field(request.query, 'cursor', 1000);
  const [me, orders] = await Promise.all([
    store.call<{ customer: Customer }>(request, reply, { path: '/api/me' }),
    store.call<{ items: Order[]; nextCursor: string | null }>(request, reply, {
      path: '/api/orders',
      query: { limit: ordersPerPage, cursor },
    }),
  ]);
  if (me.status === 401) return seeOther(reply, '/account/login?next=/account');
  const customer = me.body.customer;
  const list = orders.status === 200 ? orders.body.items : [];
  const rows = list.map(
    (order) =>
      html`<tr><td><a href="/orders/${order.id}">${order.number}</a></td><td>${formatDate(order.createdAt)}</td><td>${statusBadge(order.status)}</td><td class="num">${formatMoney(order.totals.total)}</td></tr>`,
  );
  const next =
    orders.status === 200 && orders.body.nextCursor !== null
      ? html`<a class="btn" href="/account?cursor=${encodeURIComponent(orders.body.nextCursor)}">Older orders</a>`
      : '';
  const main = html`<h1>Your account</h1>
<p>${customer.name} · ${customer.email}</p>
<div class="cluster"><a class="btn" href="/account/security">Sign-in security</a>
<form method="post" action="/account/logout">${store.csrfInput(request, reply)}<button type="submit" class="btn">Sign out</button></form></div>
<section aria-labelledby="orders-heading"><h2 id="orders-heading">Your orders</h2>
${list.length === 0 ? html`<p class="empty">You have no orders yet.</p>` : html`<div class="table-wrap"><table><thead><tr><th scope="col">Order</th><th scope="col">Date</th><th scope="col">Status</th><th scope="col" class="num">Total</th></tr></thead><tbody>${rows}</tbody></table></div>`}
<nav class="pager" aria-label="Order pages">${cursor === undefined ? '' : html`<a class="btn" href="/account">Newest orders</a>`}${next}</nav>
${orders.status === 200 ? '' : html`<p class="flash flash-error" role="alert">${failureOf(orders).message}</p>`}
</section>`;
  return store.render(request, reply, { title: 'Your account', main, noindex: true });
}

/** `/account`, sign in (with an optional two-factor code), register and sign out. */
export function accountPages(app: FastifyInstance, store: Storefront): void {
  const post = { config: { auth: 'public' as const, idempotency: 'off' as const }, preHandler: store.shared.csrfGuard };
  app.get('/account', { config: { auth: 'public' } }, (request, reply) => accountPage(store, request, reply));

  app.get('/account/login', { config: { auth: 'public' } }, async (request, reply) => {
    const main = loginForm(store.csrfInput(request, reply), { next: nextOf(request.query) });
    return store.render(request, reply, { title: 'Sign in', main, noindex: true });
  });

  app.post('/account/login', post, async (request, reply) => {
    const next = nextOf(request.body);
    const email = field(request.body, 'email', 254);
    const password = field(request.body, 'password', 128);
    const otp = field(request.body, 'otp', 6);
    const answer = await store.call<AuthAnswer>(request, reply, {
      method: 'POST',
      path: '/api/auth/login',
      body: { email: email ?? '', password: password ?? '', ...(otp === undefined ? {} : { otp }) },
    });
    if (answer.status === 200)
      return signedIn(store, request, reply, answer, next, `Welcome back, ${answer.body.customer.name}.`);
    const code = failureOf(answer).code;
    const error = code === 'invalid_request' ? 'Enter your email and password.' : shopperMessage(answer);
    const state = {
      next,
      error,
      otp: code === 'otp_required' || code === 'invalid_otp',
      ...(email === undefined ? {} : { email }),
    };
    return store.render(request, reply, {
      title: 'Sign in',
      main: loginForm(store.csrfInput(request, reply), state),
      status: answer.status === 429 ? 429 : 401,
      noindex: true,
    });
  });

  app.get('/account/register', { config: { auth: 'public' } }, async (request, reply) => {
    const main = registerForm(store.csrfInput(request, reply), { next: nextOf(request.query) });
    return store.render(request, reply, { title: 'Create an account', main, noindex: true });
  });

  app.post('/account/register', post, async (request, reply) => {
    const next = nextOf(request.body);
    const name = field(request.body, 'name', 200);
    const email = field(request.body, 'email', 254);
    const password = field(request.body, 'password', 128);
    const answer = await store.call<AuthAnswer>(request, reply, {
      method: 'POST',
      path: '/api/auth/register',
      body: { email: email ?? '', password: password ?? '', name: name ?? '' },
    });
    if (answer.status === 201)
      return signedIn(
        store,
        request,
        reply,
        answer,
        next,
        `Welcome, ${answer.body.customer.name}! Your account is ready.`,
      );
    const code = failureOf(answer).code;
    const error =
      code === 'invalid_request' ? 'Please fill in your name, a valid email and a password.' : shopperMessage(answer);
    const state = { next, error, ...(email === undefined ? {} : { email }), ...(name === undefined ? {} : { name }) };
    return store.render(request, reply, {
      title: 'Create an account',
      main: registerForm(store.csrfInput(request, reply), state),
      status: answer.status >= 500 ? 503 : 400,
      noindex: true,
    });
  });

  app.post('/account/logout', post, async (request, reply) => {
    if (store.session.signedIn(request)) await store.call(request, reply, { method: 'POST', path: '/api/auth/logout' });
    store.session.signOut(request, reply);
    store.cart.forget(request, reply);
    store.shared.flash.set(request, reply, 'info', 'You are signed out.');
    return seeOther(reply, '/');
  });
}
