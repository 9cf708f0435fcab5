/**
 * Builds the request paths of the catalog scenario from a sample of the live catalog.
 * Pure and deterministic (a fixed-seed shuffle), so two runs on the same catalog send
 * the same requests and their figures compare.
 */

export type SampledProduct = { readonly slug: string; readonly title: string; readonly priceAmount: number };

export type SampledCategory = {
  readonly slug: string;
  readonly products: readonly SampledProduct[];
  /** Cursor of the category's second page, when it has one. */
  readonly nextCursor: string | null;
};

export type CatalogSample = {
  /** Products of the unfiltered list, for product pages and search terms. */
  readonly products: readonly SampledProduct[];
  readonly categories: readonly SampledCategory[];
  /** Cursors of pages 2.. of the unfiltered list. */
  readonly listCursors: readonly string[];
};

export type CatalogRequests = {
  readonly list: readonly string[];
  readonly search: readonly string[];
  readonly facets: readonly string[];
  readonly product: readonly string[];
};

export const pageSize = 20;
export const searchTermsMax = 50;
export const misspeltTermsMax = 5;
export const facetedSearchesMax = 50;
export const productPagesMax = 200;
const phraseShare = 0.2;
const sorts = ['relevance', 'price_asc', 'price_desc', 'rating', 'newest'] as const;

/** mulberry32: a small, good-enough PRNG with a fixed seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = random(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(next() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

/** The lower-case words of a title worth searching for: letters only, four or more of them. */
export function titleWords(title: string): string[] {
  return title
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((word) => word.length >= 4);
}

/** A typo a shopper makes: two neighbouring letters swapped, or one dropped. */
export function misspell(word: string, variant: number): string {
  if (word.length < 5) return `${word}${word.at(-1)}`;
  const at = 1 + (variant % (word.length - 3));
  // Swapping two equal letters would change nothing: drop one instead.
  if (variant % 2 === 0 && word[at] !== word[at + 1])
    return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  return word.slice(0, at) + word.slice(at + 1);
}

/**
 * Up to `count` distinct search terms: single words, a share of two-word phrases taken
 * from titles as written, and `misspeltCount` words with a typo.
 */
export function searchTerms(titles: readonly string[], count: number, misspeltCount: number): string[] {
  const words = shuffled([...new Set(titles.flatMap(titleWords))], 17);
  const phrases = shuffled(
    [
      ...new Set(
        titles.flatMap((title) => {
          const parts = titleWords(title);
          return parts.slice(1).map((word, i) => `${parts[i]} ${word}`);
        }),
      ),
    ],
    29,
  );
  const typoSources = words.filter((word) => word.length >= 5).slice(0, misspeltCount);
  const plainWords = words.filter((word) => !typoSources.includes(word));
  // Phrases make up their share, and more when a small catalog runs short of words.
  const phraseCount = Math.min(
    phrases.length,
    Math.max(Math.round(count * phraseShare), count - typoSources.length - plainWords.length),
  );
  const plainCount = Math.max(0, count - phraseCount - typoSources.length);
  const terms = [
    ...plainWords.slice(0, plainCount),
    ...phrases.slice(0, phraseCount),
    ...typoSources.map((word, i) => misspell(word, i)),
  ];
  return [...new Set(terms)].slice(0, count);
}

function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined) search.set(name, String(value));
  return `/api/products?${search.toString()}`;
}

function listPaths(sample: CatalogSample): string[] {
  const paths = [query({ limit: pageSize })];
  for (const cursor of sample.listCursors) paths.push(query({ limit: pageSize, cursor }));
  sample.categories.forEach((category, i) => {
    paths.push(query({ category: category.slug, limit: pageSize }));
    if (category.nextCursor !== null)
      paths.push(query({ category: category.slug, limit: pageSize, cursor: category.nextCursor }));
    // Every third category is also browsed by price, as shoppers do.
    if (i % 3 === 0) paths.push(query({ category: category.slug, sort: 'price_asc', limit: pageSize }));
  });
  return paths;
}

/** A price band from a category's own prices: the cheaper or the dearer half. */
function priceBand(
  products: readonly SampledProduct[],
  upper: boolean,
): { minPrice: number; maxPrice: number } | undefined {
  const prices = products.map((product) => product.priceAmount).sort((a, b) => a - b);
  if (prices.length === 0) return undefined;
  const median = prices[Math.floor(prices.length / 2)]!;
  return upper ? { minPrice: median, maxPrice: prices.at(-1)! } : { minPrice: prices[0]!, maxPrice: median };
}

/** Distinct title words, the most frequent first (ties in first-seen order): a category's common words match several of its products. */
export function wordsByFrequency(titles: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const word of titles.flatMap(titleWords)) counts.set(word, (counts.get(word) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([word]) => word);
}

/** A search term with the filters a shopper adds on a category page: category, price band, in stock, sort. */
function facetPaths(sample: CatalogSample): string[] {
  const categories = sample.categories.filter((category) => category.products.length > 0);
  const paths: string[] = [];
  for (let i = 0; i < facetedSearchesMax && categories.length > 0; i += 1) {
    const category = categories[i % categories.length]!;
    const words = wordsByFrequency(category.products.map((product) => product.title));
    const q = words[Math.floor(i / categories.length) % Math.max(1, words.length)];
    const band = priceBand(category.products, i % 2 === 1);
    paths.push(
      query({
        q,
        category: category.slug,
        minPrice: band?.minPrice,
        maxPrice: band?.maxPrice,
        inStock: i % 2 === 0 ? 'true' : undefined,
        sort: sorts[i % sorts.length],
        limit: pageSize,
      }),
    );
  }
  return [...new Set(paths)];
}

export function buildCatalogRequests(sample: CatalogSample): CatalogRequests {
  const titles = [...sample.products, ...sample.categories.flatMap((category) => category.products)].map(
    (product) => product.title,
  );
  const terms = searchTerms(titles, searchTermsMax, misspeltTermsMax);
  return {
    list: [...new Set(listPaths(sample))],
    search: terms.map((q) => query({ q, limit: pageSize })),
    facets: facetPaths(sample),
    product: sample.products
      .slice(0, productPagesMax)
      .map((product) => `/api/products/${encodeURIComponent(product.slug)}`),
  };
}
