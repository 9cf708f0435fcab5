import { assert } from '@mercato/platform/kernel';
import type { Category } from '../contract.ts';

/** Deepest category nesting, root included; matches the CHECK on `categories.path_ids`. */
export const categoryDepthMax = 8;
/** Categories the tree endpoint returns; a catalog with more needs a paged admin view. */
export const categoriesMax = 5000;

export type CategoryRow = {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly position: number;
  /** Products in this category's subtree (computed from product path ids). */
  readonly productCount: number;
};

function byPosition(a: CategoryRow, b: CategoryRow): number {
  return a.position - b.position || a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
}

/**
 * The tree from flat rows: children under their parent, siblings by position then
 * name. Every row must be reachable from a root; a row whose parent is missing is a
 * broken invariant (the foreign key forbids it), not something to paper over.
 */
export function buildCategoryTree(rows: readonly CategoryRow[]): Category[] {
  const children = new Map<string | null, CategoryRow[]>();
  for (const row of rows) {
    const siblings = children.get(row.parentId);
    if (siblings === undefined) children.set(row.parentId, [row]);
    else siblings.push(row);
  }
  let placed = 0;
  const build = (parentId: string | null, depth: number): Category[] => {
    const level = children.get(parentId) ?? [];
    assert(level.length === 0 || depth < categoryDepthMax, 'category tree deeper than categoryDepthMax');
    return [...level].sort(byPosition).map((row) => {
      placed++;
      return {
        id: row.id,
        slug: row.slug,
        name: row.name,
        parentId: row.parentId,
        productCount: row.productCount,
        children: build(row.id, depth + 1),
      };
    });
  };
  const tree = build(null, 0);
  assert(placed === rows.length, 'category rows not reachable from a root');
  return tree;
}

/** The path of a new category: its parent's path, then itself. */
export function childPath(parentPath: readonly string[], id: string): string[] | undefined {
  return parentPath.length >= categoryDepthMax ? undefined : [...parentPath, id];
}
