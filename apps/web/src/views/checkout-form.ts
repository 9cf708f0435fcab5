import { formatMoney } from '../shared/format.ts';
import { type Html, html } from '../shared/html.ts';
import type { Cart, ShippingMethod } from '../types.ts';

/** What the shopper typed (never card data: the card number has no `name` and is never sent). */
export type CheckoutValues = {
  readonly email?: string;
  readonly name?: string;
  readonly line1?: string;
  readonly line2?: string;
  readonly city?: string;
  readonly postalCode?: string;
  readonly country: string;
  readonly shippingMethod?: string;
};

export const countries: readonly (readonly [string, string])[] = [
  ['US', 'United States'],
  ['CA', 'Canada'],
  ['GB', 'United Kingdom'],
  ['DE', 'Germany'],
  ['FR', 'France'],
  ['NL', 'Netherlands'],
  ['SE', 'Sweden'],
  ['AU', 'Australia'],
];

/** The provider's test tokens, for the no-script card choice. The script maps test card numbers to these. */
export const testTokens: readonly (readonly [string, string])[] = [
  ['tok_visa', 'Visa ending 4242 (approved)'],
  ['tok_declined', 'Card ending 0002 (declined)'],
  ['tok_insufficient_funds', 'Card ending 9995 (insufficient funds)'],
];

function input(id: string, label: string, value: string | undefined, extra: Html, hint?: string): Html {
  return html`<div class="field"><label for="${id}">${label}${hint === undefined ? '' : html` <span class="hint">${hint}</span>`}</label><input id="${id}" name="${id}" value="${value ?? ''}"${extra}></div>`;
}

function shippingChoice(methods: readonly ShippingMethod[], chosen: string | undefined): Html {
  if (methods.length === 0)
    return html`<p class="flash flash-info">We do not ship to this country yet. Please choose another.</p>`;
  const selected = methods.some((method) => method.id === chosen) ? chosen : methods[0]?.id;
  return html`${methods.map((method) => html`<label class="check"><input type="radio" name="shippingMethod" value="${method.id}"${method.id === selected ? ' checked' : ''} required> ${method.name} — ${method.price.amount === 0 ? 'Free' : formatMoney(method.price)}${method.estimatedDays === undefined ? '' : html` <span class="muted small">(${method.estimatedDays.min}–${method.estimatedDays.max} days)</span>`}</label>`)}`;
}

function paymentFields(): Html {
  return html`<fieldset><legend>Payment</legend>
<p class="hint">This is a test shop: pay with 4242 4242 4242 4242 (approved), 4000 0000 0000 0002 (declined) or 4000 0000 0000 9995 (insufficient funds), any future expiry date and any CVC.</p>
<div class="card-fields stack" data-card-fields hidden>
<div class="field"><label for="card-number">Card number</label><input id="card-number" inputmode="numeric" autocomplete="cc-number" placeholder="1234 1234 1234 1234" maxlength="23" aria-describedby="card-error"></div>
<div class="field-row"><div class="field"><label for="card-expiry">Expiry (MM/YY)</label><input id="card-expiry" inputmode="numeric" autocomplete="cc-exp" placeholder="MM/YY" maxlength="5"></div>
<div class="field"><label for="card-cvc">CVC</label><input id="card-cvc" inputmode="numeric" autocomplete="cc-csc" maxlength="4"></div></div>
<p class="field-error" id="card-error" data-card-error role="alert"></p>
</div>
<div class="field" data-token-select><label for="payment-token">Test card</label><select id="payment-token" name="token">
${testTokens.map(([token, label]) => html`<option value="${token}">${label}</option>`)}
</select></div>
</fieldset>`;
}

export function checkoutForm(options: {
  readonly values: CheckoutValues;
  readonly cart: Cart;
  readonly methods: readonly ShippingMethod[];
  readonly csrf: Html;
  /** A new Idempotency-Key per render: a double submit replays, a corrected retry is a new attempt. */
  readonly checkoutKey: string;
  readonly error?: string;
}): Html {
  const { values, cart } = options;
  return html`<h1>Checkout</h1>
${options.error === undefined ? '' : html`<div class="flash flash-error" role="alert" id="checkout-error" tabindex="-1">${options.error}</div>`}
<div class="two-columns">
<form method="post" action="/checkout" class="form" data-checkout>
${options.csrf}
<input type="hidden" name="checkoutKey" value="${options.checkoutKey}">
<fieldset><legend>Contact</legend>${input('email', 'Email', values.email, html` type="email" autocomplete="email" required maxlength="254"`)}</fieldset>
<fieldset><legend>Shipping address</legend><div class="stack">
${input('name', 'Full name', values.name, html` autocomplete="name" required maxlength="200"`)}
${input('line1', 'Address', values.line1, html` autocomplete="address-line1" required maxlength="200"`)}
${input('line2', 'Apartment, suite', values.line2, html` autocomplete="address-line2" maxlength="200"`, '(optional)')}
<div class="field-row">${input('city', 'City', values.city, html` autocomplete="address-level2" required maxlength="100"`)}
${input('postalCode', 'Postal code', values.postalCode, html` autocomplete="postal-code" required maxlength="20"`)}</div>
<div class="field"><label for="country">Country</label><select id="country" name="country" autocomplete="country">
${countries.map(([code, name]) => html`<option value="${code}"${code === values.country ? ' selected' : ''}>${name}</option>`)}
</select></div>
<button type="submit" class="btn-small" formaction="/checkout" formmethod="get" formnovalidate data-update-shipping>Update shipping options</button>
</div></fieldset>
<fieldset><legend>Shipping method</legend><div class="stack">${shippingChoice(options.methods, values.shippingMethod)}</div></fieldset>
${paymentFields()}
<button type="submit" class="btn-primary btn-block" data-place-order>Place order · ${formatMoney(cart.totals.total)} + shipping</button>
<p class="small muted">Your card number stays in your browser: only a payment token is sent.</p>
</form>
<aside class="card card-muted stack" aria-labelledby="summary"><h2 id="summary">Order summary</h2>
<ul class="stack">${cart.items.map((item) => html`<li>${item.quantity} × ${item.title}${item.variantTitle ? html` <span class="muted small">(${item.variantTitle})</span>` : ''} — ${formatMoney(item.lineTotal)}</li>`)}</ul>
<div class="totals"><div><span>Subtotal</span><span>${formatMoney(cart.totals.subtotal)}</span></div>
${cart.totals.discount.amount > 0 ? html`<div><span>Discount</span><span>−${formatMoney(cart.totals.discount)}</span></div>` : ''}
</div><p class="small muted">Shipping and tax are added when you place the order.</p>
<p><a href="/cart">Edit cart</a></p></aside>
</div>`;
}
