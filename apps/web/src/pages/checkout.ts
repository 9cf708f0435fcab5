import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storefront } from '../context.ts';
import { failureOf } from '../shared/api.ts';
import { field } from '../shared/guards.ts';
import { seeOther } from '../shared/respond.ts';
import type { Cart, Customer, Order, ShippingMethod } from '../types.ts';
import { type CheckoutValues, checkoutForm, countries } from '../views/checkout-form.ts';
import { shopperMessage } from '../views/messages.ts';

const countryCodes = new Set(countries.map(([code]) => code));
const keyPattern = /^[A-Za-z0-9-]{16,64}$/;
const tokenPattern = /^tok_[a-z0-9_]{1,40}$/;
const inProgressAttemptsMax = 20;
const inProgressWaitMs = 500;

function valuesOf(source: unknown, fallbackCountry: string): CheckoutValues {
  const country = field(source, 'country', 2);
  const values: Record<string, string | undefined> = {
    email: field(source, 'email', 254),
    name: field(source, 'name', 200),
    line1: field(source, 'line1', 200),
    line2: field(source, 'line2', 200),
    city: field(source, 'city', 100),
    postalCode: field(source, 'postalCode', 20),
    shippingMethod: field(source, 'shippingMethod', 40),
  };
  const present = Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
  return { ...present, country: country !== undefined && countryCodes.has(country) ? country : fallbackCountry };
}

function missingField(values: CheckoutValues): string | undefined {
  if (values.email === undefined || !/^[^\s@]+@[^\s@]+$/.test(values.email)) return 'Enter a valid email address.';
  if (values.name === undefined) return 'Enter the name for the delivery.';
  if (values.line1 === undefined) return 'Enter the street address.';
  if (values.city === undefined) return 'Enter the city.';
  if (values.postalCode === undefined) return 'Enter the postal code.';
  if (values.shippingMethod === undefined) return 'Choose a shipping method.';
  return undefined;
}

async function render(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  cart: Cart,
  values: CheckoutValues,
  error?: string,
  status = 200,
) {
  const methods = await store.call<{ items: ShippingMethod[] }>(request, reply, {
    path: '/api/shipping-methods',
    query: { country: values.country },
  });
  const main = checkoutForm({
    values,
    cart,
    methods: methods.status === 200 ? methods.body.items : [],
    csrf: store.csrfInput(request, reply),
    checkoutKey: randomUUID(),
    ...(error === undefined ? {} : { error }),
  });
  return store.render(request, reply, { title: 'Checkout', main, noindex: true, status });
}

/**
 * `POST /api/checkout` with the form's key. A double-clicked or re-sent form carries the
 * same key and body, so the API replays the first answer (the same order) instead of
 * placing another; while the first is still running it answers 409
 * `request_in_progress`, and this waits for it, within a bound.
 */
async function checkoutOnce(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  body: unknown,
) {
  let answer = await store.call<{ order: Order }>(request, reply, {
    method: 'POST',
    path: '/api/checkout',
    idempotencyKey: key,
    body,
  });
  for (
    let attempt = 0;
    attempt < inProgressAttemptsMax && failureOf(answer).code === 'request_in_progress';
    attempt++
  ) {
    await delay(inProgressWaitMs);
    answer = await store.call<{ order: Order }>(request, reply, {
      method: 'POST',
      path: '/api/checkout',
      idempotencyKey: key,
      body,
    });
  }
  return answer;
}

function checkoutBody(cartId: string, values: CheckoutValues, token: string) {
  return {
    cartId,
    email: values.email,
    shippingAddress: {
      name: values.name,
      line1: values.line1,
      ...(values.line2 === undefined ? {} : { line2: values.line2 }),
      city: values.city,
      postalCode: values.postalCode,
      country: values.country,
    },
    shippingMethod: values.shippingMethod,
    payment: { method: 'test_card', token },
  };
}

async function placeOrder(store: Storefront, request: FastifyRequest, reply: FastifyReply) {
  // The cookie's cart even when it is no longer open: a re-sent form must reach the API to be replayed.
  const cartId = store.cart.id(request) ?? (await store.cart.load(request, reply))?.id;
  if (cartId === undefined) {
    store.shared.flash.set(request, reply, 'info', 'Your cart is empty.');
    return seeOther(reply, '/cart');
  }
  const values = valuesOf(request.body, store.country);
  const token = field(request.body, 'token', 44);
  const missing =
    missingField(values) ?? (token === undefined || !tokenPattern.test(token) ? 'Enter your card details.' : undefined);
  const given = field(request.body, 'checkoutKey', 64);
  const answer =
    missing === undefined && token !== undefined
      ? await checkoutOnce(
          store,
          request,
          reply,
          given !== undefined && keyPattern.test(given) ? given : randomUUID(),
          checkoutBody(cartId, values, token),
        )
      : undefined;
  if (answer !== undefined && (answer.status === 201 || answer.status === 202)) {
    const order = answer.body.order;
    if (order.accessToken !== undefined) store.guestOrders.remember(request, reply, order.id, order.accessToken);
    store.cart.forget(request, reply);
    store.shared.flash.set(request, reply, 'success', `Thank you! Your order ${order.number} has been received.`);
    return seeOther(reply, `/orders/${order.id}`);
  }
  const cart = await store.cart.load(request, reply);
  if (cart === undefined || cart.items.length === 0) {
    store.shared.flash.set(
      request,
      reply,
      'error',
      answer === undefined
        ? 'Your cart is empty.'
        : 'This cart was already checked out. Check your orders before trying again.',
    );
    return seeOther(reply, store.session.signedIn(request) && answer !== undefined ? '/account' : '/cart');
  }
  if (answer === undefined) return render(store, request, reply, cart, values, missing, 400);
  const code = failureOf(answer).code;
  const message =
    code === 'invalid_request' ? 'Please check your details: some of them are not valid.' : shopperMessage(answer);
  return render(store, request, reply, cart, values, message, answer.status >= 500 ? 503 : answer.status);
}

/** `/checkout`: contact, address, shipping method and the test card form; POST places the order. */
export function checkoutPages(app: FastifyInstance, store: Storefront): void {
  app.get('/checkout', { config: { auth: 'public' } }, async (request, reply) => {
    const cart = await store.cart.load(request, reply);
    if (cart === undefined || cart.items.length === 0) {
      store.shared.flash.set(request, reply, 'info', 'Your cart is empty.');
      return seeOther(reply, '/cart');
    }
    let values = valuesOf(request.query, store.country);
    if (values.email === undefined && store.session.signedIn(request)) {
      const me = await store.call<{ customer: Customer }>(request, reply, { path: '/api/me' });
      if (me.status === 200)
        values = {
          ...values,
          email: me.body.customer.email,
          ...(values.name === undefined ? { name: me.body.customer.name } : {}),
        };
    }
    return render(store, request, reply, cart, values);
  });

  app.post(
    '/checkout',
    { config: { auth: 'public', idempotency: 'off' }, preHandler: store.shared.csrfGuard },
    (request, reply) => placeOrder(store, request, reply),
  );
}
