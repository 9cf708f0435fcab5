import type { FastifyInstance } from 'fastify';
import type { Storefront } from '../context.ts';
import { html } from '../shared/html.ts';
import type { Category, ProductPage } from '../types.ts';
import { productGrid } from '../views/product-card.ts';

const featuredCount = 8;

/** `/`: the departments and a shelf of well-rated products in stock, then the newest. */
export function homePage(app: FastifyInstance, store: Storefront): void {
  app.get('/', { config: { auth: 'public' } }, async (request, reply) => {
    const [categories, featured, newest] = await Promise.all([
      store.call<{ items: Category[] }>(request, reply, { path: '/api/categories' }),
      store.call<ProductPage>(request, reply, {
        path: '/api/products',
        query: { sort: 'rating', inStock: true, limit: featuredCount },
      }),
      store.call<ProductPage>(request, reply, {
        path: '/api/products',
        query: { sort: 'newest', limit: featuredCount },
      }),
    ]);
    const departments = categories.status === 200 ? categories.body.items : [];
    const main = html`<h1 class="visually-hidden">${store.shopName}</h1>
<section aria-labelledby="departments"><h2 id="departments">Shop by department</h2>
${departments.length === 0 ? html`<p class="empty">No departments yet.</p>` : html`<ul class="category-list">${departments.map((category) => html`<li><a href="/c/${category.slug}">${category.name} <span class="muted small">(${category.productCount})</span></a></li>`)}</ul>`}
</section>
<section aria-labelledby="featured" class="stack"><h2 id="featured">Featured</h2>
${productGrid(featured.status === 200 ? featured.body.items : [], 2)}
</section>
<section aria-labelledby="newest" class="stack"><h2 id="newest">New in</h2>
${productGrid(newest.status === 200 ? newest.body.items : [])}
</section>`;
    return store.render(request, reply, {
      title: store.shopName,
      description: `${store.shopName}: shop ${departments
        .map((category) => category.name)
        .slice(0, 6)
        .join(', ')} and more.`,
      main,
    });
  });
}
