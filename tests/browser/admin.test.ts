import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { bootShop, browserSkipReason, chromiumArgs, chromiumPath, type Shop } from './boot.ts';

/**
 * The staff side in a real browser (Debian's Chromium, headless) against the real app:
 * a customer account is refused at the admin sign-in; staff with two-factor sign in with
 * the code; an order placed through the API (cart + checkout with tok_visa) is fulfilled
 * from its page, a refund above what was captured shows the API's error with the input
 * kept, and the fulfilled order shows in the dashboard, whose figures refresh by script.
 * A product is created (after a plain error), given an image, and its stock adjusted.
 * Screenshots go to artifacts/screenshots/admin-*.png.
 */

const skip = browserSkipReason();
const screenshots = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));
const password = 'a long staff passphrase 42';
const admin = { email: 'admin@example.com', password };
const support = { email: 'support@example.com', password };
const customer = { email: 'shopper@example.com', password };

type Order = { id: string; number: string; status: string; totals: { total: { amount: number; currency: string } } };
type Variant = { id: string; sku: string; available: number };

/** RFC 6238 TOTP (SHA-1, 6 digits, 30 s) of a base32 secret, `stepOffset` steps from now. */
function totp(secret: string, stepOffset = 0): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const character of secret.replace(/=+$/, '').toUpperCase())
    bits += alphabet.indexOf(character).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => Number.parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 30_000) + stepOffset));
  const digest = createHmac('sha1', key).update(counter).digest();
  const offset = (digest.at(-1) ?? 0) & 0x0f;
  return String((digest.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshots}admin-${name}.png`, fullPage: true });
}

/** An order placed through the public API: an anonymous cart, checked out with the approving test token. */
async function placeOrder(shop: Shop): Promise<Order> {
  const products = await shop.api<{ items: { slug: string }[] }>('GET', '/api/products?inStock=true&limit=20');
  let variant: Variant | undefined;
  for (const summary of products.body.items) {
    const product = await shop.api<{ variants: Variant[] }>('GET', `/api/products/${summary.slug}`);
    variant = product.body.variants.find((candidate) => candidate.available >= 2);
    if (variant !== undefined) break;
  }
  assert.ok(variant, 'the seeded catalog has a variant in stock');
  const cart = await shop.api<{ id: string }>('POST', '/api/carts', {});
  assert.equal(cart.status, 201);
  assert.equal(
    (await shop.api('POST', `/api/carts/${cart.body.id}/items`, { variantId: variant.id, quantity: 1 })).status,
    200,
  );
  const placed = await shop.api<{ order: Order & { accessToken?: string } }>(
    'POST',
    '/api/checkout',
    {
      cartId: cart.body.id,
      email: 'buyer@example.com',
      shippingAddress: {
        name: 'Robin Buyer',
        line1: '1 Market Street',
        city: 'Springfield',
        postalCode: '12345',
        country: 'US',
      },
      shippingMethod: 'standard',
      payment: { method: 'test_card', token: 'tok_visa' },
    },
    { 'idempotency-key': randomUUID() },
  );
  assert.ok(placed.status === 201 || placed.status === 202, JSON.stringify(placed.body));
  const deadline = Date.now() + 10_000;
  let order = placed.body.order;
  while (order.status === 'pending' && Date.now() < deadline) {
    const read = await shop.api<Order>('GET', `/api/orders/${order.id}?token=${placed.body.order.accessToken ?? ''}`);
    order = read.body;
    if (order.status === 'pending') await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(order.status, 'placed');
  return order;
}

/** Support staff with two-factor on: enrolled and activated through the API. Answers the TOTP secret. */
async function supportWithTwoFactor(shop: Shop): Promise<string> {
  const created = await shop.app.customers.createStaff({ ...support, name: 'Sam Support', role: 'support' });
  assert.ok(created.ok, JSON.stringify(created));
  const login = await shop.api<{ accessToken: string }>('POST', '/api/auth/login', support);
  const bearer = { authorization: `Bearer ${login.body.accessToken}` };
  const enrolled = await shop.api<{ secret: string }>('POST', '/api/auth/mfa/enroll', undefined, bearer);
  assert.equal(enrolled.status, 200, JSON.stringify(enrolled.body));
  assert.equal(
    (await shop.api('POST', '/api/auth/mfa/activate', { otp: totp(enrolled.body.secret) }, bearer)).status,
    204,
  );
  return enrolled.body.secret;
}

async function signIn(page: Page, shop: Shop, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${shop.baseUrl}/admin`);
  await page.waitForURL(/\/admin\/login/);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('admin dashboard in a browser', { skip }, () => {
  let shop: Shop;
  let browser: Browser;
  let order: Order;
  let supportSecret: string;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const { chromium } = await import('playwright-core');
    [shop, browser] = await Promise.all([
      bootShop({ products: 12, admin: { ...admin } }),
      chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true }),
    ]);
    order = await placeOrder(shop);
    supportSecret = await supportWithTwoFactor(shop);
    assert.equal((await shop.api('POST', '/api/auth/register', { ...customer, name: 'Sol Shopper' })).status, 201);
  });

  after(async () => {
    await browser?.close();
    await shop?.close();
  });

  test('a customer account is refused at the staff sign-in with a clear message', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, shop, customer);
    const error = page.getByRole('alert');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /customer account.*staff accounts only/);
    assert.match(page.url(), /\/admin\/login$/);
    await shot(page, 'login-refused');
    await page.goto(`${shop.baseUrl}/admin/orders`);
    await page.waitForURL(/\/admin\/login/, { timeout: 5000 });
    await context.close();
  });

  test('staff with two-factor are asked for the code, and a wrong code says so', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, shop, support);
    await page.getByLabel('Authentication code').waitFor();
    assert.equal(
      await page.locator('input[type="password"]').count(),
      0,
      'the password is not printed back into the page',
    );
    await page.getByLabel('Authentication code').fill(totp(supportSecret, 1) === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByText('invalid_otp').waitFor();
    await page.getByLabel('Authentication code').fill(totp(supportSecret, 1));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${shop.baseUrl}/admin`);
    await page.getByText('Signed in as Sam Support (support).').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/admin\/login/);
    await page.getByText('You are signed out.').waitFor();
    await context.close();
  });

  test('staff sign in, fulfill an order, see the API’s error on a too-large refund, and see the order in the dashboard', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, shop, admin);
    await page.waitForURL(`${shop.baseUrl}/admin`);
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Orders' }).click();
    await page.getByLabel('Status').selectOption('placed');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('link', { name: order.number }).click();
    await page.waitForURL(`${shop.baseUrl}/admin/orders/${order.id}`);
    await page.getByLabel('Carrier').fill('UPS');
    await page.getByLabel('Tracking number').fill('1Z999AA10123456784');
    await page.getByRole('button', { name: 'Fulfill order' }).click();
    await page.getByText('Order fulfilled; the payment was captured.').waitFor();
    assert.equal(await page.locator('#order-status [data-status]').getAttribute('data-status'), 'fulfilled');
    assert.equal(await page.locator('#tracking').textContent(), '1Z999AA10123456784');
    await shot(page, 'order');

    const tooMuch = ((order.totals.total.amount + 10_000) / 100).toFixed(2);
    await page.getByLabel(/^Amount/).fill(tooMuch);
    await page.getByLabel('Reason').fill('goodwill');
    await page.getByRole('button', { name: 'Refund' }).click();
    const error = page.getByRole('alert');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /refund_exceeds_captured/);
    assert.equal(await page.getByLabel(/^Amount/).inputValue(), tooMuch, 'the form keeps its input');
    assert.equal(await page.getByLabel('Reason').inputValue(), 'goodwill');
    await shot(page, 'refund-refused');

    await page.getByRole('navigation', { name: 'Admin sections' }).getByRole('link', { name: 'Dashboard' }).click();
    const row = page.locator(`#recent-orders tr[data-order="${order.id}"]`);
    await row.waitFor();
    assert.equal(await row.locator('[data-status]').getAttribute('data-status'), 'fulfilled');
    const servesStats = (await shop.api('GET', '/api/admin/stats')).status !== 404;
    if (servesStats) {
      assert.notEqual(
        await page.locator('#kpi-revenue .kpi-value').textContent(),
        '$0.00',
        'today’s revenue counts the order',
      );
      await page.locator('#chart-orders svg[role="img"]').waitFor();
      // The page's script fetches the live part again and swaps it in.
      await page.locator('#live[data-refreshed-at]').waitFor({ timeout: 12_000 });
      await row.waitFor();
    } else {
      await page.locator('#stats-unavailable').waitFor();
    }
    await shot(page, 'dashboard');
    await context.close();
  });

  test('staff create a product after a plain error, add an image and adjust its stock', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, shop, admin);
    await page.waitForURL(`${shop.baseUrl}/admin`);
    await page.goto(`${shop.baseUrl}/admin/products`);
    await shot(page, 'products');
    await page.getByRole('link', { name: 'New product' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Admin test mug');
    await page.getByLabel('Description').fill('Made in the admin test.');
    await page.getByLabel('SKU, new variant 1').fill('ADMIN-MUG-1');
    await page.getByLabel('Title, new variant 1').fill('Standard');
    await page.getByLabel('Options, new variant 1').fill('size=M');
    await page.getByLabel('Price, new variant 1').fill('twelve');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('"twelve" is not a price like 12.50').first().waitFor();
    assert.equal(await page.getByLabel('SKU, new variant 1').inputValue(), 'ADMIN-MUG-1', 'the form keeps its input');
    await page.getByLabel('Price, new variant 1').fill('12.50');
    await page.getByLabel('Opening stock, new variant 1').fill('3');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('Created “Admin test mug”.').waitFor();
    await page.getByRole('heading', { name: 'Admin test mug', level: 1 }).waitFor();

    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 200, g: 80, b: 40 } } })
      .png()
      .toBuffer();
    await page.getByLabel('Add an image').setInputFiles({ name: 'mug.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Upload image' }).click();
    await page.getByText('Image added.').waitFor();
    assert.equal(await page.locator('.admin-gallery img').count(), 1);
    await shot(page, 'product-edit');

    await page.locator('a[href="/admin/inventory?sku=ADMIN-MUG-1"]').click();
    await page.locator('#stock-levels').getByText('ADMIN-MUG-1').waitFor();
    await page.getByLabel('Change in units').fill('-10');
    await page.getByLabel('Reason').fill('cycle count');
    await page.getByRole('button', { name: 'Adjust' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(
      await page.getByLabel('Change in units').inputValue(),
      '-10',
      'the refused adjustment keeps its input',
    );
    await page.getByLabel('Change in units').fill('5');
    await page.getByRole('button', { name: 'Adjust' }).click();
    await page.getByText(/ADMIN-MUG-1 at loc_default: 8 on hand/).waitFor();
    await shot(page, 'inventory');
    await context.close();
  });

  test('staff find customers, manage discount codes, and open moderation and the mailbox', async () => {
    const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page, shop, admin);
    await page.waitForURL(`${shop.baseUrl}/admin`);

    await page.goto(`${shop.baseUrl}/admin/customers?q=shopper`);
    await page.locator('#customers').getByText(customer.email).waitFor();

    await page.goto(`${shop.baseUrl}/admin/discounts`);
    if ((await page.locator('[data-not-available]').count()) === 0) {
      for (let attempt = 0; attempt < 2; attempt++) {
        await page.getByLabel('Code', { exact: true }).fill('SPRING10');
        await page.getByLabel('Value').fill('10');
        await page.getByRole('button', { name: 'Create code' }).click();
      }
      // The second time the API refuses the taken code; the form says so and keeps it.
      await page.getByRole('alert').getByText('code_taken').waitFor();
      assert.equal(await page.getByLabel('Code', { exact: true }).inputValue(), 'SPRING10');
      await page.getByRole('button', { name: 'Deactivate SPRING10' }).click();
      await page.locator('tr[data-discount="SPRING10"]').getByText('inactive').waitFor();
      await shot(page, 'discounts');
    }

    const products = await shop.api<{ items: { id: string }[] }>('GET', '/api/products?limit=1');
    const productId = products.body.items[0]?.id ?? '';
    const login = await shop.api<{ accessToken: string }>('POST', '/api/auth/login', customer);
    const review = await shop.api<{ id: string }>(
      'POST',
      `/api/products/${productId}/reviews`,
      { rating: 2, title: 'Arrived scratched', body: 'The finish was scratched.' },
      { authorization: `Bearer ${login.body.accessToken}` },
    );
    if (review.status === 201) {
      await page.goto(`${shop.baseUrl}/admin/reviews`);
      const card = page.locator(`[data-review="${review.body.id}"]`);
      await card.getByRole('button', { name: 'Hide' }).click();
      await page.getByText('Review hidden.').waitFor();
      await card.getByText('hidden', { exact: true }).waitFor();
      await shot(page, 'reviews');
    }

    for (const section of ['reviews', 'mailbox']) {
      await page.goto(`${shop.baseUrl}/admin/${section}`);
      assert.equal(await page.getByRole('heading', { level: 1 }).count(), 1);
      assert.equal(await page.getByRole('alert').count(), 0, `the ${section} page loads without an error`);
    }
    if ((await page.locator('[data-not-available]').count()) === 0) {
      // The order placed in setup was confirmed by mail: the letter reaches the mailbox through events.
      const deadline = Date.now() + 15_000;
      await page.goto(`${shop.baseUrl}/admin/mailbox?to=buyer%40example.com`);
      while ((await page.locator('[data-message]').count()) === 0 && Date.now() < deadline) {
        await page.waitForTimeout(250);
        await page.reload();
      }
      await page.locator('[data-message] summary').first().click();
      await page.locator('.mail-text').first().waitFor();
      await shot(page, 'mailbox');
    }
    await context.close();
  });
});
