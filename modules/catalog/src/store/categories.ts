import type { Queryable } from '@mercato/platform/db';
import { type CategoryRow, categoriesMax } from '../domain/tree.ts';

export type CategoryRecord = {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly position: number;
  readonly pathIds: readonly string[];
};

export async function insertCategory(q: Queryable, category: CategoryRecord, createdAt: string): Promise<void> {
  await q.query(
    `INSERT INTO catalog.categories (id, slug, name, parent_id, position, path_ids, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::text[], $7)`,
    [category.id, category.slug, category.name, category.parentId, category.position, category.pathIds, createdAt],
  );
}

export async function categoryById(q: Queryable, id: string): Promise<CategoryRecord | undefined> {
  const { rows } = await q.query<CategoryRecord>(
    `SELECT id, slug, name, parent_id AS "parentId", position, path_ids AS "pathIds" FROM catalog.categories WHERE id = $1`,
    [id],
  );
  return rows[0];
}

export async function categorySlugTaken(q: Queryable, slug: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM catalog.categories WHERE slug = $1', [slug]);
  return rows.length > 0;
}

/** The ids among `ids` that name no category. */
export async function missingCategories(q: Queryable, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const { rows } = await q.query<{ id: string }>(
    'SELECT id FROM catalog.categories WHERE id = ANY($1::text[]) LIMIT $2',
    [unique, unique.length],
  );
  const found = new Set(rows.map((row) => row.id));
  return unique.filter((id) => !found.has(id));
}

/**
 * Every category with the number of active products in its subtree. Products carry
 * the ids of all their categories' ancestors, so one pass over the products, grouped by
 * those paths, counts each subtree without recursion.
 */
export async function categoryRows(q: Queryable): Promise<CategoryRow[]> {
  const { rows } = await q.query<CategoryRow>(
    `SELECT c.id, c.slug, c.name, c.parent_id AS "parentId", c.position, coalesce(n.count, 0)::int AS "productCount"
       FROM catalog.categories c
       LEFT JOIN (
         SELECT path.id, sum(g.count) AS count
           FROM (SELECT category_path_ids AS paths, count(*) AS count
                   FROM catalog.products WHERE NOT archived GROUP BY 1) g
           CROSS JOIN unnest(g.paths) AS path(id)
          GROUP BY path.id
       ) n ON n.id = c.id
      ORDER BY c.path_ids
      LIMIT $1`,
    [categoriesMax],
  );
  return rows;
}
