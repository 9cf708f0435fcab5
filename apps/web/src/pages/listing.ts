import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Storefront } from '../context.ts';
import { failureOf } from '../shared/api.ts';
import { parseMoneyInput } from '../shared/format.ts';
import { type Html, html } from '../shared/html.ts';
import type { Category, ProductPage } from '../types.ts';
import { facetsView, type ListingQuery, listingUrl, sorts } from '../views/facets.ts';
import { productGrid } from '../views/product-card.ts';

const pageSize = 24;
const slugPattern = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const sortValues = new Set(sorts.map(([value]) => value));

function text(value: unknown, lengthMax: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed.slice(0, lengthMax);
}

/** The page URL's query, checked and bounded: what the shopper typed never reaches the API unchecked. */
export function readListingQuery(raw: Record<string, unknown>, withCategory = true): ListingQuery {
  const category = withCategory ? text(raw['category'], 120) : undefined;
  const sort = text(raw['sort'], 20);
  const query: Record<string, string | boolean | undefined> = {
    q: text(raw['q'], 200),
    category: category !== undefined && slugPattern.test(category) ? category : undefined,
    minPrice: parseMoneyInput(text(raw['minPrice'], 12)) === undefined ? undefined : text(raw['minPrice'], 12),
    maxPrice: parseMoneyInput(text(raw['maxPrice'], 12)) === undefined ? undefined : text(raw['maxPrice'], 12),
    inStock: raw['inStock'] === '1' || raw['inStock'] === 'true',
    sort: sort !== undefined && sortValues.has(sort) ? sort : undefined,
    cursor: text(raw['cursor'], 1000),
  };
  return Object.fromEntries(Object.entries(query).filter(([, value]) => value !== undefined)) as ListingQuery;
}

function findCategory(categories: readonly Category[], slug: string, depth = 0): Category | undefined {
  if (depth > 8) return undefined;
  for (const category of categories) {
    if (category.slug === slug) return category;
    const found = findCategory(category.children, slug, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

function countText(count: number, more: boolean): string {
  if (count === 0) return 'No products found';
  return `Showing ${count}${more ? '+' : ''} ${count === 1 && !more ? 'product' : 'products'}`;
}

type Listing = {
  readonly base: string;
  readonly heading: Html;
  readonly title: string;
  readonly categoryLink: (slug: string) => string;
  /** Shown under the heading (a category's subcategories). */
  readonly intro?: Html;
  /** The category of a category page (not in its URL's query). */
  readonly fixedCategory?: string;
};

async function renderListing(
  store: Storefront,
  request: FastifyRequest,
  reply: FastifyReply,
  query: ListingQuery,
  listing: Listing,
) {
  const answer = await store.call<ProductPage>(request, reply, {
    path: '/api/products',
    query: {
      q: query.q,
      category: listing.fixedCategory ?? query.category,
      minPrice: parseMoneyInput(query.minPrice),
      maxPrice: parseMoneyInput(query.maxPrice),
      inStock: query.inStock ? true : undefined,
      sort: query.sort,
      cursor: query.cursor,
      limit: pageSize,
    },
  });
  if (answer.status !== 200) {
    const failure = failureOf(answer);
    const message = failure.code === 'invalid_cursor' ? 'That page of results has expired.' : failure.message;
    const main = html`<h1>${listing.heading}</h1><p class="flash flash-error" role="alert">${message}</p><p><a class="btn" href="${listingUrl(listing.base, query, {})}">Show the first page</a></p>`;
    return store.render(request, reply, {
      title: listing.title,
      main,
      status: answer.status >= 500 ? 503 : 400,
      noindex: true,
      ...(query.q === undefined ? {} : { query: query.q }),
    });
  }
  const page = answer.body;
  const next =
    page.nextCursor === null
      ? ''
      : html`<a class="btn" rel="next" href="${listingUrl(listing.base, query, { cursor: page.nextCursor })}">Next page</a>`;
  const first =
    query.cursor === undefined ? '' : html`<a class="btn" href="${listingUrl(listing.base, query, {})}">First page</a>`;
  const main = html`<div class="toolbar"><h1>${listing.heading}</h1>
<p class="muted" role="status">${countText(page.items.length, page.nextCursor !== null)}</p></div>
${listing.intro ?? ''}
<div class="with-sidebar">
${facetsView(listing.base, query, page.facets, listing.categoryLink, listing.fixedCategory ?? query.category)}
<section aria-label="Products">${productGrid(page.items, 2)}<nav class="pager" aria-label="Pages">${first}${next}</nav></section>
</div>`;
  return store.render(request, reply, {
    title: listing.title,
    main,
    description: `${listing.title} at ${store.shopName}.`,
    // Filtered and paged variants of a listing are not separate pages for search engines.
    noindex: query.cursor !== undefined || query.q !== undefined,
    ...(query.q === undefined ? {} : { query: query.q }),
  });
}

/** `/search?q=` and `/c/:slug`: product listings with facets, sorts and cursor paging. */
export function listingPages(app: FastifyInstance, store: Storefront): void {
  app.get('/search', { config: { auth: 'public' } }, async (request, reply) => {
    const query = readListingQuery(request.query as Record<string, unknown>);
    const heading = query.q === undefined ? html`All products` : html`Results for “${query.q}”`;
    return renderListing(store, request, reply, query, {
      base: '/search',
      heading,
      title: query.q === undefined ? 'All products' : `Search: ${query.q}`,
      categoryLink: (slug) => listingUrl('/search', query, { category: slug }),
    });
  });

  app.get<{ Params: { slug: string } }>('/c/:slug', { config: { auth: 'public' } }, async (request, reply) => {
    const slug = request.params.slug;
    const categories = await store.call<{ items: Category[] }>(request, reply, { path: '/api/categories' });
    const category =
      slugPattern.test(slug) && categories.status === 200 ? findCategory(categories.body.items, slug) : undefined;
    if (category === undefined) {
      const main = html`<h1>Category not found</h1><p>We could not find that category.</p><p><a class="btn" href="/">Browse all departments</a></p>`;
      return store.render(request, reply, { title: 'Not found', main, status: 404, noindex: true });
    }
    const query = readListingQuery(request.query as Record<string, unknown>, false);
    const intro =
      category.children.length === 0
        ? undefined
        : html`<nav aria-label="Subcategories"><ul class="category-list">${category.children.map((child) => html`<li><a href="/c/${child.slug}">${child.name}</a></li>`)}</ul></nav>`;
    return renderListing(store, request, reply, query, {
      base: `/c/${slug}`,
      heading: html`${category.name}`,
      title: category.name,
      categoryLink: (child) => listingUrl(`/c/${child}`, query, {}),
      fixedCategory: slug,
      ...(intro === undefined ? {} : { intro }),
    });
  });
}
