import { formatMoney } from '../shared/format.ts';
import { type Html, html } from '../shared/html.ts';
import type { Facets } from '../types.ts';

/** The listing's state, as it travels in the page URL. */
export type ListingQuery = {
  readonly q?: string;
  readonly category?: string;
  readonly minPrice?: string;
  readonly maxPrice?: string;
  readonly inStock?: boolean;
  readonly sort?: string;
  readonly cursor?: string;
};

export const sorts: readonly (readonly [string, string])[] = [
  ['relevance', 'Best match'],
  ['newest', 'Newest'],
  ['price_asc', 'Price: low to high'],
  ['price_desc', 'Price: high to low'],
  ['rating', 'Top rated'],
];

/** A listing URL with some parameters changed; the cursor is dropped unless given. */
export function listingUrl(
  base: string,
  query: ListingQuery,
  changes: Partial<Record<keyof ListingQuery, string | boolean | undefined>>,
): string {
  const merged: Record<string, string | boolean | undefined> = { ...query, cursor: undefined, ...changes };
  const parameters = new URLSearchParams();
  for (const [name, value] of Object.entries(merged)) {
    if (value === undefined || value === false || value === '') continue;
    parameters.set(name, value === true ? '1' : value);
  }
  const text = parameters.toString();
  return text === '' ? base : `${base}?${text}`;
}

function categoryFacet(
  base: string,
  query: ListingQuery,
  facets: Facets,
  categoryLink: (slug: string) => string,
  currentCategory: string | undefined,
): Html {
  if (facets.categories.length === 0) return html``;
  return html`<section aria-labelledby="facet-category"><h2 id="facet-category" class="h3">Category</h2><ul>
${query.category === undefined ? '' : html`<li><a href="${listingUrl(base, query, { category: undefined })}">All categories</a></li>`}
${facets.categories.map((entry) => {
  const current = entry.slug === currentCategory;
  return html`<li><a href="${categoryLink(entry.slug)}"${current ? html` aria-current="true"` : ''}>${entry.name}</a> <span class="muted small">(${entry.count})</span></li>`;
})}
</ul></section>`;
}

function ratingFacet(base: string, query: ListingQuery, facets: Facets): Html {
  if (facets.rating.length === 0) return html``;
  return html`<section aria-labelledby="facet-rating"><h2 id="facet-rating" class="h3">Rating</h2><ul>
${facets.rating.map((entry) => html`<li><span aria-hidden="true" class="rating">${'★'.repeat(entry.stars)}${'☆'.repeat(Math.max(0, 5 - entry.stars))}</span><span class="visually-hidden">${entry.stars} stars</span> <span class="muted small">(${entry.count})</span></li>`)}
</ul><p class="small"><a href="${listingUrl(base, query, { sort: 'rating' })}">Show top rated first</a></p></section>`;
}

/** The filter form (price, stock, sort) and the facet links, for a sidebar. */
export function facetsView(
  base: string,
  query: ListingQuery,
  facets: Facets,
  categoryLink: (slug: string) => string,
  currentCategory: string | undefined,
): Html {
  const price = facets.price;
  const range =
    price.min !== null && price.max !== null
      ? html`<p class="hint">${formatMoney(price.min)} – ${formatMoney(price.max)}</p>`
      : '';
  return html`<aside class="facets" aria-label="Filters">
<form method="get" action="${base}" class="form">
${query.q === undefined ? '' : html`<input type="hidden" name="q" value="${query.q}">`}
${query.category === undefined ? '' : html`<input type="hidden" name="category" value="${query.category}">`}
<div class="field"><label for="sort">Sort by</label><select id="sort" name="sort">
${sorts
  .filter(([value]) => value !== 'relevance' || query.q !== undefined)
  .map(
    ([value, label]) =>
      html`<option value="${value}"${value === (query.sort ?? (query.q === undefined ? 'newest' : 'relevance')) ? ' selected' : ''}>${label}</option>`,
  )}
</select></div>
<fieldset><legend>Price</legend>${range}
<div class="field-row"><div class="field"><label for="min-price">Min ($)</label><input id="min-price" name="minPrice" inputmode="decimal" value="${query.minPrice ?? ''}" maxlength="12"></div>
<div class="field"><label for="max-price">Max ($)</label><input id="max-price" name="maxPrice" inputmode="decimal" value="${query.maxPrice ?? ''}" maxlength="12"></div></div>
</fieldset>
<label class="check"><input type="checkbox" name="inStock" value="1"${query.inStock ? ' checked' : ''}> In stock only</label>
<button type="submit" class="btn-primary">Apply filters</button>
</form>
${categoryFacet(base, query, facets, categoryLink, currentCategory)}
${ratingFacet(base, query, facets)}
</aside>`;
}
