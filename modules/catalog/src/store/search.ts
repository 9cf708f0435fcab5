import type { Queryable } from '@mercato/platform/db';
import { assert } from '@mercato/platform/kernel';
import type { ProductSort } from '../contract.ts';
import { queryLimits } from '../domain/query.ts';
import type { SortKeys } from '../domain/sort-keys.ts';

/**
 * The list and facet queries of `GET /api/products`. Both read only `catalog.products`
 * (its summary columns) so a page is one indexed query. Values are always parameters;
 * only fixed fragments chosen by code are spliced into the SQL text.
 */

export type SearchFilters = {
  /** tsquery text built by domain/query.ts (letters, digits and operators only), or null. */
  readonly tsquery: string | null;
  readonly category: string | null;
  readonly minPrice: number | null;
  readonly maxPrice: number | null;
  readonly inStock: boolean;
};

export type SummaryRow = {
  readonly id: string;
  readonly slug: string;
  readonly title: string;
  readonly price: number;
  readonly currency: string;
  readonly thumbnailHash: string | null;
  readonly ratingAverage: number;
  readonly ratingCount: number;
  readonly inStock: boolean;
  readonly createdAt: Date;
  readonly score: number;
};

export const facetCategoriesMax = 50;

/** Ranks are floats; they become integers so cursors compare them exactly. */
const scoreExpression = `(ts_rank(p.search, to_tsquery('english', $1)) * 1000000)::bigint`;

/** Collects positional parameters; `add` answers the placeholder of a value. */
type Params = { readonly values: unknown[]; add(value: unknown): string };

function parameters(): Params {
  const values: unknown[] = [];
  return {
    values,
    add(value) {
      values.push(value);
      return `$${values.length}`;
    },
  };
}

function whereClause(filters: SearchFilters, params: Params): string {
  const conditions = ['NOT p.archived'];
  // The tsquery is always $1 when present, so the score expression can name it.
  if (filters.tsquery !== null) conditions.push(`p.search @@ to_tsquery('english', ${params.add(filters.tsquery)})`);
  if (filters.category !== null) {
    conditions.push(
      `p.category_path_ids @> ARRAY[(SELECT c.id FROM catalog.categories c WHERE c.slug = ${params.add(filters.category)})]`,
    );
  }
  if (filters.minPrice !== null) conditions.push(`p.price_min >= ${params.add(filters.minPrice)}`);
  if (filters.maxPrice !== null) conditions.push(`p.price_min <= ${params.add(filters.maxPrice)}`);
  if (filters.inStock) conditions.push('p.in_stock');
  return conditions.join(' AND ');
}

const orders: Record<ProductSort, string> = {
  newest: 'p.created_at DESC, p.id DESC',
  price_asc: 'p.price_min ASC, p.id ASC',
  price_desc: 'p.price_min DESC, p.id DESC',
  rating: 'p.rating_average DESC, p.rating_count DESC, p.id DESC',
  relevance: 'p.score DESC, p.id DESC',
};

/** "Strictly after the cursor" in the sort's order, as a row comparison an index can use. */
function afterClause(keys: SortKeys, params: Params): string {
  switch (keys.sort) {
    case 'newest':
      return `(p.created_at, p.id) < (${params.add(new Date(keys.createdAtMs).toISOString())}::timestamptz, ${params.add(keys.id)})`;
    case 'price_asc':
      return `(p.price_min, p.id) > (${params.add(keys.price)}::bigint, ${params.add(keys.id)})`;
    case 'price_desc':
      return `(p.price_min, p.id) < (${params.add(keys.price)}::bigint, ${params.add(keys.id)})`;
    case 'rating':
      return `(p.rating_average, p.rating_count, p.id) < (${params.add(keys.average)}::numeric, ${params.add(keys.count)}::int, ${params.add(keys.id)})`;
    case 'relevance':
      return `(p.score, p.id) < (${params.add(keys.score)}::bigint, ${params.add(keys.id)})`;
  }
}

/** One page in `sort` order, starting after `after`; `limit + 1` rows tell whether a next page exists. */
export async function listSummaries(
  q: Queryable,
  filters: SearchFilters,
  sort: ProductSort,
  after: SortKeys | undefined,
  limit: number,
): Promise<SummaryRow[]> {
  const params = parameters();
  const where = whereClause(filters, params);
  const ranked = sort === 'relevance' && filters.tsquery !== null;
  assert(!ranked || params.values[0] === filters.tsquery, 'the score expression reads the tsquery as $1');
  const score = ranked ? scoreExpression : '0';
  const conditions = after === undefined ? 'true' : afterClause(after, params);
  const order = orders[ranked ? 'relevance' : sort === 'relevance' ? 'newest' : sort];
  const { rows } = await q.query<SummaryRow>(
    `SELECT p.id, p.slug, p.title, p.price_min AS price, p.currency, p.thumbnail_hash AS "thumbnailHash",
            p.rating_average AS "ratingAverage", p.rating_count AS "ratingCount", p.in_stock AS "inStock",
            p.created_at AS "createdAt", p.score
       FROM (SELECT p.*, ${score} AS score FROM catalog.products p WHERE ${where}) p
      WHERE ${conditions}
      ORDER BY ${order}
      LIMIT ${params.add(Math.min(limit, queryLimits.pageSizeMax) + 1)}`,
    params.values,
  );
  return rows;
}

export type FacetRows = {
  readonly categories: { slug: string; name: string; count: number }[];
  readonly priceMin: number | null;
  readonly priceMax: number | null;
  readonly rating: { stars: number; count: number }[];
};

/**
 * Facets over the whole filtered result in one pass: the filtered products are grouped
 * by (category path, whole stars), which leaves a few hundred groups however many
 * products match, and the three facets are summed from those groups. A category counts
 * every product in its subtree, so each count equals what filtering by it would find.
 */
export async function facets(q: Queryable, filters: SearchFilters): Promise<FacetRows> {
  const params = parameters();
  const where = whereClause(filters, params);
  const { rows } = await q.query<FacetRows>(
    `WITH groups AS (
       SELECT p.category_path_ids AS paths,
              CASE WHEN p.rating_count > 0 THEN floor(p.rating_average)::int END AS stars,
              count(*) AS count, min(p.price_min) AS low, max(p.price_min) AS high
         FROM catalog.products p WHERE ${where}
        GROUP BY 1, 2
     ), per_category AS (
       SELECT path.id, sum(g.count)::int AS count
         FROM groups g CROSS JOIN unnest(g.paths) AS path(id)
        GROUP BY path.id
        ORDER BY count DESC, path.id
        LIMIT ${params.add(facetCategoriesMax)}
     )
     SELECT
       (SELECT coalesce(json_agg(json_build_object('slug', c.slug, 'name', c.name, 'count', pc.count)
                                 ORDER BY pc.count DESC, c.slug), '[]'::json)
          FROM per_category pc JOIN catalog.categories c ON c.id = pc.id) AS categories,
       (SELECT min(low) FROM groups) AS "priceMin",
       (SELECT max(high) FROM groups) AS "priceMax",
       (SELECT coalesce(json_agg(json_build_object('stars', s.stars, 'count', s.count) ORDER BY s.stars DESC), '[]'::json)
          FROM (SELECT stars, sum(count)::int AS count FROM groups WHERE stars IS NOT NULL GROUP BY stars) s) AS rating`,
    params.values,
  );
  const row = rows[0];
  return row ?? { categories: [], priceMin: null, priceMax: null, rating: [] };
}

/**
 * A second-best correction must be nearly as close as the best one: "hedphones" is
 * "headphones", not also "phones".
 */
const correctionSimilarityRatioMin = 0.85;

/**
 * Nearest vocabulary words of the query words that are not words of the vocabulary
 * themselves (trigram similarity over a GIN index), at most `perTermMax` each, and
 * only those nearly as close as the nearest.
 */
export async function corrections(
  q: Queryable,
  terms: readonly string[],
  perTermMax: number,
): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (terms.length === 0) return result;
  const { rows } = await q.query<{ term: string; word: string; similarity: number }>(
    `SELECT t.term, w.word, w.similarity
       FROM unnest($1::text[]) AS t(term)
       CROSS JOIN LATERAL (
         SELECT v.word, public.similarity(v.word, t.term)::float8 AS similarity FROM catalog.search_words v
          WHERE v.word OPERATOR(public.%) t.term
          ORDER BY public.similarity(v.word, t.term) DESC, v.word
          LIMIT $2
       ) w
      WHERE NOT EXISTS (SELECT 1 FROM catalog.search_words e WHERE e.word = t.term)
      LIMIT $3`,
    [terms, perTermMax, terms.length * perTermMax],
  );
  const best = new Map<string, number>();
  for (const row of rows) best.set(row.term, Math.max(best.get(row.term) ?? 0, row.similarity));
  for (const row of rows) {
    if (row.similarity < (best.get(row.term) ?? 0) * correctionSimilarityRatioMin) continue;
    result.set(row.term, [...(result.get(row.term) ?? []), row.word]);
  }
  return result;
}
