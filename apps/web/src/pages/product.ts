import type { FastifyInstance } from 'fastify';
import type { Storefront } from '../context.ts';
import { localFailure } from '../shared/api.ts';
import { formatDate, formatMoney } from '../shared/format.ts';
import { field } from '../shared/guards.ts';
import { type Html, html, raw } from '../shared/html.ts';
import type { Product, Review, Variant } from '../types.ts';
import { productImage, rendition } from '../views/images.ts';
import { shopperMessage } from '../views/messages.ts';
import { ratingView } from '../views/product-card.ts';
import { seeOther } from '../shared/respond.ts';

const reviewsShown = 10;
const lowStock = 5;

export function stockText(available: number): { text: string; className: string } {
  if (available <= 0) return { text: 'Out of stock', className: 'stock-out' };
  if (available < lowStock) return { text: `Only ${available} left`, className: 'stock-low' };
  return { text: 'In stock', className: 'stock-in' };
}

function variantLabel(variant: Variant): string {
  const options = Object.values(variant.options).join(' · ');
  return variant.title || options || variant.sku;
}

function gallery(product: Product): Html {
  const first = product.images[0];
  if (first === undefined) return productImage(null, { alt: product.title, sizes: '100vw' });
  const thumbs =
    product.images.length < 2
      ? ''
      : html`<ul class="thumbs" aria-label="More images">${product.images.map(
          (image, index) =>
            html`<li><a href="${rendition(image, 'medium')}" data-gallery-thumb><img src="${rendition(image, 'thumb')}" alt="Image ${index + 1} of ${product.title}" width="64" height="64" loading="lazy"></a></li>`,
        )}</ul>`;
  return html`<div class="gallery">${productImage(first, { alt: product.title, sizes: '(min-width: 56rem) 36rem, 100vw', eager: true })}${thumbs}</div>`;
}

function variantPicker(product: Product, selected: Variant): Html {
  const radios = product.variants.map((variant) => {
    const stock = stockText(variant.available);
    return html`<label class="check"><input type="radio" name="variantId" value="${variant.id}"${variant.id === selected.id ? ' checked' : ''} data-price="${formatMoney(variant.price)}" data-stock="${stock.text}" data-stock-class="${stock.className}" data-available="${variant.available}" required> ${variantLabel(variant)} — ${formatMoney(variant.price)} <span class="muted small">(${stock.text})</span></label>`;
  });
  return html`<fieldset><legend>Choose an option</legend><div class="stack">${radios}</div></fieldset>`;
}

function buyBox(product: Product, selected: Variant, csrf: Html): Html {
  const stock = stockText(selected.available);
  const soldOut = selected.available <= 0;
  return html`<form method="post" action="/cart/items" class="form" data-add-to-cart>
${csrf}
<input type="hidden" name="returnTo" value="/p/${product.slug}">
<p class="price price-large" data-variant-price aria-live="polite">${formatMoney(selected.price)}</p>
<p class="${stock.className}" data-variant-stock aria-live="polite">${stock.text}</p>
${product.variants.length > 1 ? variantPicker(product, selected) : html`<input type="hidden" name="variantId" value="${selected.id}">`}
<div class="field"><label for="quantity">Quantity</label><input id="quantity" class="quantity-input" type="number" name="quantity" value="1" min="1" max="999" inputmode="numeric" required></div>
<button type="submit" class="btn-primary btn-block" data-add-button${soldOut ? ' disabled' : ''}>Add to cart</button>
<p class="small" data-cart-status role="status" aria-live="polite"></p>
</form>`;
}

function reviewsView(product: Product, reviews: readonly Review[]): Html {
  const list =
    reviews.length === 0
      ? html`<p class="muted">No reviews yet. Bought this? Review it from your order page once it has arrived.</p>`
      : reviews.map(
          (review) => html`<article class="review"><h3>${review.title}</h3>
<p>${ratingView({ average: review.rating, count: 1 })} <span class="muted small">by ${review.authorName}, ${formatDate(review.createdAt)}${review.verifiedPurchase ? ' · Verified purchase' : ''}</span></p>
<p>${review.body}</p></article>`,
        );
  return html`<section aria-labelledby="reviews" class="stack"><h2 id="reviews">Reviews</h2><p>${ratingView(product.rating)}</p>${list}</section>`;
}

/** For sold-out options, when the platform offers it: one email when it is back. */
function backInStockForm(product: Product, csrf: Html): Html {
  const soldOut = product.variants.filter((variant) => variant.available <= 0);
  if (soldOut.length === 0) return html``;
  return html`<details class="card card-muted"><summary>Sold out? Get an email when it is back</summary>
<form method="post" action="/p/${product.slug}/notify" class="form">${csrf}
${soldOut.length === 1 ? html`<input type="hidden" name="variantId" value="${soldOut[0]?.id}">` : html`<div class="field"><label for="notify-variant">Option</label><select id="notify-variant" name="variantId">${soldOut.map((variant) => html`<option value="${variant.id}">${variantLabel(variant)}</option>`)}</select></div>`}
<div class="field"><label for="notify-email">Email</label><input id="notify-email" name="email" type="email" autocomplete="email" required maxlength="254"></div>
<button type="submit" class="btn">Notify me</button></form></details>`;
}

/** JSON-LD for search engines; `<` escaped so no text can close the script element. */
function structuredData(product: Product, selected: Variant): Html {
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: product.title,
    description: product.description,
    sku: selected.sku,
    offers: {
      '@type': 'Offer',
      price: (selected.price.amount / 100).toFixed(2),
      priceCurrency: selected.price.currency,
      availability: `https://schema.org/${selected.available > 0 ? 'InStock' : 'OutOfStock'}`,
    },
    ...(product.rating.count > 0
      ? {
          aggregateRating: {
            '@type': 'AggregateRating',
            ratingValue: product.rating.average,
            reviewCount: product.rating.count,
          },
        }
      : {}),
  };
  return raw(`<script type="application/ld+json">${JSON.stringify(data).replace(/</g, '\\u003c')}</script>`);
}

/** `/p/:slug`: images, variant choice with price and stock, add to cart, description and reviews. */
export function productPage(app: FastifyInstance, store: Storefront): void {
  const post = { config: { auth: 'public' as const, idempotency: 'off' as const }, preHandler: store.shared.csrfGuard };
  app.post<{ Params: { slug: string } }>('/p/:slug/notify', post, async (request, reply) => {
    const location = `/p/${encodeURIComponent(request.params.slug.slice(0, 200))}`;
    const variantId = field(request.body, 'variantId', 64);
    const email = field(request.body, 'email', 254);
    const answer =
      variantId === undefined || email === undefined
        ? localFailure(400, 'invalid_request', 'Enter your email address.')
        : await store.call(request, reply, { method: 'POST', path: '/api/back-in-stock', body: { variantId, email } });
    const ok = answer.status === 201 || answer.status === 200;
    store.shared.flash.set(
      request,
      reply,
      ok ? 'success' : 'error',
      ok ? 'We will email you once when it is back in stock.' : shopperMessage(answer),
    );
    return seeOther(reply, location);
  });

  app.get<{ Params: { slug: string }; Querystring: { variant?: string } }>(
    '/p/:slug',
    { config: { auth: 'public' } },
    async (request, reply) => {
      const slug = request.params.slug.slice(0, 200);
      const answer = await store.call<Product>(request, reply, { path: `/api/products/${encodeURIComponent(slug)}` });
      if (answer.status !== 200) {
        const main = html`<h1>Product not found</h1><p>It may have been removed from the shop.</p><p><a class="btn" href="/search">Browse products</a></p>`;
        return store.render(request, reply, {
          title: 'Not found',
          main,
          status: answer.status === 404 ? 404 : 503,
          noindex: true,
        });
      }
      const product = answer.body;
      const [reviews, notify] = await Promise.all([
        store.call<{ items: Review[] }>(request, reply, {
          path: `/api/products/${product.id}/reviews`,
          query: { limit: reviewsShown },
        }),
        store.shared.api.hasEndpoint('POST', '/api/back-in-stock'),
      ]);
      const wanted = typeof request.query.variant === 'string' ? request.query.variant : undefined;
      const selected =
        product.variants.find((variant) => variant.id === wanted) ??
        product.variants.find((variant) => variant.available > 0) ??
        product.variants[0];
      if (selected === undefined) {
        return store.render(request, reply, {
          title: product.title,
          main: html`<h1>${product.title}</h1><p>This product is not available.</p>`,
          status: 404,
          noindex: true,
        });
      }
      const category = product.categories[0];
      const main = html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li>${category === undefined ? '' : html`<li><a href="/c/${category.slug}">${category.name}</a></li>`}<li aria-current="page">${product.title}</li></ol></nav>
<div class="product-layout">
${gallery(product)}
<div class="stack"><h1>${product.title}</h1>
<p>${ratingView(product.rating)}</p>
${buyBox(product, selected, store.csrfInput(request, reply))}
${notify ? backInStockForm(product, store.csrfInput(request, reply)) : ''}
<section aria-labelledby="description"><h2 id="description">Description</h2><p>${product.description}</p></section>
</div></div>
${reviewsView(product, reviews.status === 200 ? reviews.body.items : [])}`;
      const first = product.images[0];
      return store.render(request, reply, {
        title: product.title,
        description: product.description.slice(0, 160),
        main,
        head: html`${first === undefined ? '' : html`<link rel="preload" as="image" href="${rendition(first, 'medium')}" imagesrcset="${rendition(first, 'thumb')} 320w, ${rendition(first, 'medium')} 800w" imagesizes="(min-width: 56rem) 36rem, 100vw">`}<link rel="canonical" href="/p/${product.slug}">${structuredData(product, selected)}`,
      });
    },
  );
}
