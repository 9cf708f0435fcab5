import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { bootShop, type Shop } from '../../../tests/browser/boot.ts';
import { inputValue, scriptlessBrowser } from './browser-client.ts';

/**
 * The storefront's routes against the real app, without a browser: what a shopper
 * without JavaScript can do, the CSRF guard, asset caching, and that the web layer
 * leaves the API's rules alone.
 */

type Product = { slug: string; variants: { id: string; available: number }[] };

/** RFC 6238 (SHA-1, 6 digits, 30 s) for a base32 secret, at a given time step. */
function totp(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const character of secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(character).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = digest[digest.length - 1]! & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 30_000);
const staff = { email: 'boss@example.com', password: 'correct horse battery staple' };

describe('storefront routes', () => {
  let shop: Shop;
  let product: Product;

  before(async () => {
    shop = await bootShop({ products: 8, imageSizePx: 64, admin: staff });
    const list = await shop.api<{ items: { slug: string }[] }>('GET', '/api/products?inStock=true&limit=1');
    product = (await shop.api<Product>('GET', `/api/products/${list.body.items[0]!.slug}`)).body;
  });
  after(async () => shop?.close());

  test('a shopper without JavaScript adds to cart with a form post, checks out with a test token and reads the order', async () => {
    const browser = scriptlessBrowser(shop.baseUrl);
    const page = await browser.get(`/p/${product.slug}`);
    assert.equal(page.status, 200);
    const variant = product.variants.find((candidate) => candidate.available > 0)!;
    const added = await browser.post('/cart/items', {
      _csrf: inputValue(page.text, '_csrf')!,
      variantId: variant.id,
      quantity: '1',
      returnTo: `/p/${product.slug}`,
    });
    assert.equal(added.status, 303);
    assert.equal(added.location, `/p/${product.slug}`);
    assert.match(
      (await browser.get(added.location!)).text,
      /Added to your cart\./,
      'the flash message shows once after the redirect',
    );

    const form = await browser.get('/checkout');
    assert.equal(form.status, 200);
    assert.doesNotMatch(
      form.text,
      /<input[^>]*id="card-number"[^>]*name=/,
      'the card number input has no name, so it is never posted',
    );
    const fields = {
      _csrf: inputValue(form.text, '_csrf')!,
      checkoutKey: inputValue(form.text, 'checkoutKey')!,
      email: 'guest@example.com',
      name: 'Guest Shopper',
      line1: '2 Side Road',
      city: 'Springfield',
      postalCode: '12345',
      country: 'US',
      shippingMethod: 'standard',
      token: 'tok_visa',
    };
    // A double click: the second post leaves before the first answer arrives, with the same cookies.
    const [placed, again] = await Promise.all([browser.post('/checkout', fields), browser.post('/checkout', fields)]);
    assert.equal(placed.status, 303);
    assert.match(placed.location ?? '', /^\/orders\/ord_/);
    assert.equal(
      again.location,
      placed.location,
      'the same form sent twice is the same order (its Idempotency-Key is replayed)',
    );

    const order = await browser.get(placed.location!);
    assert.equal(order.status, 200, 'the guest reads the order with the token kept in a cookie');
    assert.match(order.text, /Order M-\d+/);
    assert.doesNotMatch(order.text, /token=/, 'the guest token never appears in the page');
    assert.equal(
      (await scriptlessBrowser(shop.baseUrl).get(placed.location!)).status,
      404,
      'another browser cannot read it',
    );
  });

  test('a shopper turns on two-factor sign-in, then signs in with their password and a code', async () => {
    const browser = scriptlessBrowser(shop.baseUrl);
    const email = `mfa.${Date.now()}@example.com`;
    const form = await browser.get('/account/register');
    const registered = await browser.post('/account/register', {
      _csrf: inputValue(form.text, '_csrf')!,
      name: 'Mfa Shopper',
      email,
      password: 'correct horse battery staple',
      next: '/account',
    });
    assert.equal(registered.location, '/account');
    const security = await browser.get('/account/security');
    const enrolled = await browser.post('/account/security/enroll', { _csrf: inputValue(security.text, '_csrf')! });
    const secret = /<code data-secret>([A-Z2-7=]+)<\/code>/.exec(enrolled.text)?.[1];
    assert.ok(secret, 'the enrolment page shows the key');
    const step = stepNow();
    const activated = await browser.post('/account/security/activate', {
      _csrf: inputValue(enrolled.text, '_csrf')!,
      otp: totp(secret, step),
    });
    assert.match((await browser.get(activated.location!)).text, /Two-factor sign-in is <strong>on<\/strong>/);
    const account = await browser.get('/account');
    await browser.post('/account/logout', { _csrf: inputValue(account.text, '_csrf')! });

    const login = await browser.get('/account/login');
    const csrf = inputValue(login.text, '_csrf')!;
    const withoutCode = await browser.post('/account/login', {
      _csrf: csrf,
      email,
      password: 'correct horse battery staple',
      next: '/account',
    });
    assert.equal(withoutCode.status, 401);
    assert.match(withoutCode.text, /Enter the 6-digit code/);
    // The code of the next step: the one used to activate may not be used again.
    const signedIn = await browser.post('/account/login', {
      _csrf: csrf,
      email,
      password: 'correct horse battery staple',
      otp: totp(secret, step + 1),
      next: '/account',
    });
    assert.equal(signedIn.status, 303);
    assert.equal(signedIn.location, '/account');
    assert.match((await browser.get('/account')).text, new RegExp(email.replaceAll('.', '\\.')));
  });

  test('a shopper applies a discount code in the cart and is told plainly when a code is not valid', async () => {
    const token = (await shop.api<{ accessToken: string }>('POST', '/api/auth/login', staff)).body.accessToken;
    const created = await shop.api(
      'POST',
      '/api/admin/discounts',
      { code: 'WEB10', type: 'percentage', value: 10 },
      { authorization: `Bearer ${token}` },
    );
    assert.equal(created.status, 201);
    const browser = scriptlessBrowser(shop.baseUrl);
    const page = await browser.get(`/p/${product.slug}`);
    const variant = product.variants.find((candidate) => candidate.available > 0)!;
    await browser.post('/cart/items', { _csrf: inputValue(page.text, '_csrf')!, variantId: variant.id, quantity: '1' });
    const cart = await browser.get('/cart');
    const csrf = inputValue(cart.text, '_csrf')!;
    const applied = await browser.get((await browser.post('/cart/discount', { _csrf: csrf, code: 'WEB10' })).location!);
    assert.match(applied.text, /Code <strong>WEB10<\/strong> applied/);
    assert.match(applied.text, /<span>Discount<\/span><span>−\$/);
    const refused = await browser.get((await browser.post('/cart/discount', { _csrf: csrf, code: 'NOPE' })).location!);
    assert.match(refused.text, /role="alert">That discount code is not valid\./);
  });

  test('a form post without a valid CSRF token is refused before it reaches the API', async () => {
    const browser = scriptlessBrowser(shop.baseUrl);
    await browser.get('/');
    const forged = await browser.post('/cart/items', { variantId: product.variants[0]!.id, quantity: '1' });
    assert.equal(forged.status, 403);
    assert.match(forged.text, /This form has expired/);
    assert.equal(browser.cookies.get('mercato_cart'), undefined, 'no cart was made');
  });

  test('the stylesheet and script are served under content hashes, compressed and cached for a year', async () => {
    const home = await (await fetch(`${shop.baseUrl}/`)).text();
    const urls = [...home.matchAll(/(?:href|src)="(\/assets\/[^"]+)"/g)].map((match) => match[1]!);
    assert.equal(urls.length, 2);
    for (const url of urls) {
      const response = await fetch(shop.baseUrl + url, { headers: { 'accept-encoding': 'br' } });
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(response.headers.get('content-encoding'), 'br');
    }
    assert.equal(
      (await fetch(`${shop.baseUrl}${urls[0]!.replace(/\.[0-9a-f]{16}\./, '.0000000000000000.')}`)).status,
      404,
    );
  });

  test('pages are private, framed by nobody and allow only same-origin scripts', async () => {
    const response = await fetch(`${shop.baseUrl}/p/${product.slug}`);
    assert.equal(response.headers.get('cache-control'), 'private, no-store');
    assert.match(response.headers.get('content-security-policy') ?? '', /script-src 'self'.*frame-ancestors 'none'/);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  });

  test('the API keeps its rules: JSON only, JSON errors, no web cookies', async () => {
    const form = await fetch(`${shop.baseUrl}/api/carts`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    });
    assert.equal(form.status, 415, 'form bodies are parsed for web routes only');
    const missing = await fetch(`${shop.baseUrl}/api/nothing-here`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
    const products = await fetch(`${shop.baseUrl}/api/products?limit=1`, { headers: { 'accept-encoding': 'br' } });
    assert.equal(products.headers.get('set-cookie'), null);
    assert.equal(products.headers.get('content-encoding'), null, 'the web layer does not change API answers');
  });
});
