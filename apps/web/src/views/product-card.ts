import { formatMoney } from '../shared/format.ts';
import { type Html, html } from '../shared/html.ts';
import type { ProductSummary, Rating } from '../types.ts';
import { productImage } from './images.ts';

/** "★★★★☆ 4.2 (17 reviews)", with the figures for screen readers. */
export function ratingView(rating: Rating): Html {
  if (rating.count === 0 || rating.average === null) return html`<span class="muted small">No reviews yet</span>`;
  const full = Math.round(rating.average);
  const stars = '★'.repeat(full) + '☆'.repeat(Math.max(0, 5 - full));
  return html`<span class="rating"><span aria-hidden="true">${stars}</span> <span class="visually-hidden">Rated</span> ${rating.average.toFixed(1)} <span class="count">(${rating.count} ${rating.count === 1 ? 'review' : 'reviews'})</span></span>`;
}

const listSizes = '(min-width: 56rem) 16rem, (min-width: 40rem) 33vw, 50vw';

export function productCard(product: ProductSummary, eager = false): Html {
  return html`<li><article class="product-card">
<a href="/p/${product.slug}">
${productImage(product.thumbnailUrl, { alt: '', sizes: listSizes, eager })}
<span class="product-title">${product.title}</span>
</a>
<span class="price">${product.inStock ? '' : html`<span class="visually-hidden">Out of stock. </span>`}From ${formatMoney(product.price)}</span>
${ratingView(product.rating)}
${product.inStock ? '' : html`<span class="badge badge-danger">Out of stock</span>`}
</article></li>`;
}

export function productGrid(products: readonly ProductSummary[], eagerCount = 0): Html {
  if (products.length === 0) return html`<p class="empty">No products match.</p>`;
  return html`<ul class="product-grid">${products.map((product, index) => productCard(product, index < eagerCount))}</ul>`;
}
