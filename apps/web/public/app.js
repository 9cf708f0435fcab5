// Mercato storefront enhancements. Every page works without this file; it only
// makes some actions smoother. No framework, no dependencies, no card data sent.

const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// Test card numbers → the payment provider's test tokens. The number never leaves
// the browser: its input has no name, and only the token is posted.
const testCards = {
  4242424242424242: 'tok_visa',
  4000000000000002: 'tok_declined',
  4000000000009995: 'tok_insufficient_funds',
  4000000000000119: 'tok_error',
};

function setCartCount(count) {
  for (const badge of $$('[data-cart-count]')) badge.textContent = String(count);
}

/** Add to cart without leaving the page; falls back to a normal post on any failure. */
function enhanceAddToCart(form) {
  const status = $('[data-cart-status]', form);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = $('[data-add-button]', form);
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: 'POST',
        headers: { accept: 'application/json' },
        body: new URLSearchParams(new FormData(form)),
        credentials: 'same-origin',
      });
      const answer = await response.json();
      if (typeof answer.count === 'number') setCartCount(answer.count);
      if (status) {
        status.textContent = answer.message;
        status.className = `small ${answer.ok ? 'stock-in' : 'field-error'}`;
      }
    } catch {
      form.submit();
    } finally {
      if (button) button.disabled = Number(currentVariant(form)?.dataset.available ?? 1) <= 0;
    }
  });
}

function currentVariant(form) {
  return $('input[name="variantId"]:checked', form);
}

/** The variant radios update the shown price, stock and the button without a reload. */
function enhanceVariantPicker(form) {
  const price = $('[data-variant-price]', form);
  const stock = $('[data-variant-stock]', form);
  const button = $('[data-add-button]', form);
  const quantity = $('input[name="quantity"]', form);
  form.addEventListener('change', (event) => {
    const radio = event.target;
    if (!(radio instanceof HTMLInputElement) || radio.name !== 'variantId' || !radio.dataset.price) return;
    const available = Number(radio.dataset.available);
    if (price) price.textContent = radio.dataset.price;
    if (stock) {
      stock.textContent = radio.dataset.stock;
      stock.className = radio.dataset.stockClass;
    }
    if (button) button.disabled = available <= 0;
    if (quantity && available > 0) quantity.max = String(Math.min(999, available));
    const url = new URL(location.href);
    url.searchParams.set('variant', radio.value);
    history.replaceState(null, '', url);
  });
}

function enhanceGallery() {
  const main = $('.gallery > img');
  if (!main) return;
  for (const link of $$('[data-gallery-thumb]')) {
    link.addEventListener('click', (event) => {
      event.preventDefault();
      main.removeAttribute('srcset');
      main.src = link.getAttribute('href');
    });
  }
}

function formatCardNumber(input) {
  const digits = input.value.replace(/\D/g, '').slice(0, 19);
  input.value = digits.replace(/(\d{4})(?=\d)/g, '$1 ');
}

/** Card fields instead of the no-script token list; the number is mapped to a token here. */
function enhanceCheckout(form) {
  const cardFields = $('[data-card-fields]', form);
  const select = $('[data-token-select]', form);
  const number = $('#card-number', form);
  const error = $('[data-card-error]', form);
  if (!cardFields || !select || !number || !error) return;
  cardFields.hidden = false;
  select.hidden = true;
  $('select', select).disabled = true;
  const token = document.createElement('input');
  token.type = 'hidden';
  token.name = 'token';
  form.append(token);
  number.addEventListener('input', () => formatCardNumber(number));
  form.addEventListener('submit', (event) => {
    if (event.submitter?.hasAttribute('data-update-shipping')) return;
    const mapped = testCards[number.value.replace(/\D/g, '')];
    if (!mapped) {
      event.preventDefault();
      error.textContent = 'Enter one of the test card numbers shown above.';
      number.setAttribute('aria-invalid', 'true');
      number.focus();
      return;
    }
    number.removeAttribute('aria-invalid');
    error.textContent = '';
    token.value = mapped;
    const place = $('[data-place-order]', form);
    // One click, one order: the server's idempotency key covers a second submit anyway.
    if (place) setTimeout(() => (place.disabled = true), 0);
  });
}

for (const form of $$('[data-add-to-cart]')) {
  enhanceAddToCart(form);
  enhanceVariantPicker(form);
}
enhanceGallery();
for (const form of $$('[data-checkout]')) enhanceCheckout(form);
$('#checkout-error')?.focus();
