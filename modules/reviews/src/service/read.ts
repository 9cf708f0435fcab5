import { fail, limits, ok, type Result } from '@mercato/platform/kernel';
import type { AdminReviewPage, AdminReviewQuery, ListReviewsCode, PageRequest, ReviewPage } from '../contract.ts';
import { decodeReviewCursor, encodeReviewCursor, type ReviewKeys } from '../domain/cursor.ts';
import * as store from '../store.ts';
import type { ReviewsDeps } from './deps.ts';
import { toAdminReview, toReview } from './views.ts';

const invalidCursor = () => fail('invalid_cursor', 'The cursor is not one this list gave out.');

function pageSize(limit: number | undefined): number {
  return Math.min(Math.max(Math.trunc(limit ?? limits.pageSizeDefault), 1), limits.pageSizeMax);
}

/** The keys to continue after, null without a cursor, undefined for a cursor we did not make. */
function afterOf(cursor: string | undefined): ReviewKeys | null | undefined {
  if (cursor === undefined || cursor === '') return null;
  return decodeReviewCursor(cursor);
}

/** Rows of one keyset page (`limit + 1` were read) and the cursor to the next. */
function paged<T>(rows: readonly store.ReviewRow[], limit: number, view: (row: store.ReviewRow) => T) {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  const nextCursor =
    rows.length > limit && last !== undefined
      ? encodeReviewCursor({ createdAtMs: last.createdAt.getTime(), id: last.id })
      : null;
  return { items: items.map(view), nextCursor };
}

export function createReviewReads(deps: ReviewsDeps) {
  return {
    /** Visible reviews of an active product, newest first; a product the catalog does not show is not found. */
    async listReviews(productId: string, page: PageRequest): Promise<Result<ReviewPage, ListReviewsCode>> {
      const after = afterOf(page.cursor);
      if (after === undefined) return invalidCursor();
      if (productId.length === 0 || productId.length > 200) return fail('product_not_found', 'No product has this id.');
      const product = await deps.catalog.getProduct(productId);
      if (!product.ok) return fail('product_not_found', 'No product has this id.');
      const limit = pageSize(page.limit);
      const rows = await store.listReviews(
        deps.db,
        { productId: product.value.id, status: 'visible' },
        after ?? undefined,
        limit,
      );
      return ok(paged(rows, limit, toReview));
    },

    async adminListReviews(query: AdminReviewQuery): Promise<Result<AdminReviewPage, 'invalid_cursor'>> {
      const after = afterOf(query.cursor);
      if (after === undefined) return invalidCursor();
      const limit = pageSize(query.limit);
      const filter = {
        ...(query.productId === undefined || query.productId === '' ? {} : { productId: query.productId }),
        ...(query.status === undefined ? {} : { status: query.status }),
      };
      const rows = await store.listReviews(deps.db, filter, after ?? undefined, limit);
      return ok(paged(rows, limit, toAdminReview));
    },
  };
}
