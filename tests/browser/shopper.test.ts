import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { bootShop, browserSkipReason, chromiumArgs, chromiumPath, type Shop } from './boot.ts';

/**
 * The shopper's journey in a real browser (Debian's Chromium, headless) against the
 * real app: search, filter, choose a variant, add to cart, register (the cart follows),
 * check out with a test card and find the order in the account; and a declined card,
 * which must say so plainly and place no order. Screenshots go to artifacts/screenshots/.
 */

const skip = browserSkipReason();
const screenshots = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

type Variant = { id: string; title: string; price: { amount: number; currency: string }; available: number };
type Product = { id: string; slug: string; title: string; variants: Variant[] };

const money = (amount: number) =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(amount / 100);

/** A product with two variants in stock at different prices, so the picker visibly changes the price. */
async function pickProduct(shop: Shop): Promise<{ product: Product; variant: Variant }> {
  const page = await shop.api<{ items: { slug: string }[] }>('GET', '/api/products?inStock=true&limit=100');
  let fallback: { product: Product; variant: Variant } | undefined;
  for (const summary of page.body.items) {
    const product = (await shop.api<Product>('GET', `/api/products/${summary.slug}`)).body;
    const [first, second] = product.variants.filter((variant) => variant.available >= 3);
    if (first === undefined || second === undefined) continue;
    if (first.price.amount !== second.price.amount) return { product, variant: second };
    fallback ??= { product, variant: second };
  }
  assert.ok(fallback, 'the seeded catalog has a product with two variants in stock');
  return fallback;
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });
}

async function register(page: Page, shop: Shop, email: string, next = '/account'): Promise<void> {
  await page.goto(`${shop.baseUrl}/account/register?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Name').fill('Robin Shopper');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel(/^Password/).fill('correct horse battery staple');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.waitForURL(`${shop.baseUrl}${next}`);
}

async function fillAddress(page: Page): Promise<void> {
  await page.getByLabel('Full name').fill('Robin Shopper');
  await page.getByLabel('Address', { exact: true }).fill('1 Market Street');
  await page.getByLabel('City').fill('Springfield');
  await page.getByLabel('Postal code').fill('12345');
}

async function payWith(page: Page, cardNumber: string): Promise<void> {
  await page.getByLabel('Card number').fill(cardNumber);
  await page.getByLabel('Expiry (MM/YY)').fill('12/30');
  await page.getByLabel('CVC').fill('123');
  await page.getByRole('button', { name: /Place order/ }).click();
}

describe('storefront in a browser', { skip }, () => {
  let shop: Shop;
  let browser: Browser;
  let target: { product: Product; variant: Variant };

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    const { chromium } = await import('playwright-core');
    [shop, browser] = await Promise.all([
      bootShop({ products: 24 }),
      chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true }),
    ]);
    target = await pickProduct(shop);
  });

  after(async () => {
    await browser?.close();
    await shop?.close();
  });

  test('a shopper searches, filters, picks a variant, adds to cart, checks out and sees the order in their account', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.postData() ?? '');
    });
    const { product, variant } = target;

    await page.goto(`${shop.baseUrl}/`);
    await assert.doesNotReject(page.getByRole('heading', { name: 'Featured' }).waitFor());
    await shot(page, 'home');

    const words = product.title.split(' ').slice(-2).join(' ');
    await page.getByLabel('Search products').fill(words);
    await page.getByLabel('Search products').press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await page.getByLabel('In stock only').check();
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/inStock=1/);
    await shot(page, 'search');
    await page.locator(`a[href="/p/${product.slug}"]`).first().click();
    await page.waitForURL(`${shop.baseUrl}/p/${product.slug}`);

    await page.locator(`input[value="${variant.id}"]`).check();
    assert.equal(await page.locator('[data-variant-price]').textContent(), money(variant.price.amount));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.locator('[data-cart-status]', { hasText: 'Added to your cart.' }).waitFor();
    assert.equal(await page.locator('[data-cart-count]').first().textContent(), '1');
    assert.match(page.url(), /\/p\//, 'adding to the cart did not leave the page');
    await shot(page, 'product');

    await page.getByRole('link', { name: /^Cart/ }).click();
    await page.getByLabel(`Quantity of ${product.title}`).fill('2');
    await page.getByRole('button', { name: 'Update' }).click();
    await page.getByText('Quantity updated.').waitFor();
    await shot(page, 'cart');

    await register(page, shop, `robin.${Date.now()}@example.com`, '/checkout');
    assert.ok(
      (await page.getByLabel('Email').inputValue()).startsWith('robin.'),
      'the email is filled in for a signed-in shopper',
    );
    assert.match(
      (await page.locator('aside').textContent()) ?? '',
      new RegExp(`2 × ${product.title}`),
      'the cart followed the shopper into the account',
    );
    await fillAddress(page);
    await shot(page, 'checkout');
    await payWith(page, '4242 4242 4242 4242');
    await page.waitForURL(/\/orders\/ord_/);
    await page.locator('.badge', { hasText: /^(Placed|Pending)$/ }).waitFor();
    await page.locator('.badge', { hasText: 'Placed' }).waitFor({ timeout: 20_000 });
    const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
    const orderNumber = heading.replace('Order ', '');
    await shot(page, 'order');

    const checkoutPost = posted.find((body) => body.includes('checkoutKey='));
    assert.ok(checkoutPost?.includes('token=tok_visa'), 'the checkout form posts the test token');
    assert.ok(!posted.some((body) => /4242(\s|%20|\+)?4242/.test(body)), 'no card number was ever sent to the server');

    await page.getByRole('link', { name: 'Account' }).click();
    await page.getByRole('link', { name: orderNumber }).waitFor();
    await shot(page, 'account');
    await context.close();
  });

  test('a declined card shows a clear message and places no order', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await register(page, shop, `declined.${Date.now()}@example.com`);
    await page.goto(`${shop.baseUrl}/p/${target.product.slug}`);
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.locator('[data-cart-status]', { hasText: 'Added to your cart.' }).waitFor();
    await page.goto(`${shop.baseUrl}/checkout`);
    await fillAddress(page);
    await payWith(page, '4000 0000 0000 0002');

    const error = page.locator('#checkout-error');
    await error.waitFor();
    assert.match((await error.textContent()) ?? '', /declined.*No order was placed/);
    assert.equal(new URL(page.url()).pathname, '/checkout');
    await shot(page, 'checkout-declined');

    await page.goto(`${shop.baseUrl}/account`);
    const orders = page.locator('section[aria-labelledby="orders-heading"]');
    assert.doesNotMatch((await orders.textContent()) ?? '', /Placed|Pending/, 'no order was placed');
    assert.equal(await page.locator('[data-cart-count]').first().textContent(), '1', 'the cart still holds the item');
    await context.close();
  });
});
