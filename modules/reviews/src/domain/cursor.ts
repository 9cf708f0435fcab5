import { decodeCursor, encodeCursor } from '@mercato/platform/kernel';

/** The keys of the last review a page served: newest first means (createdAt, id) descending. */
export type ReviewKeys = { readonly createdAtMs: number; readonly id: string };

const idPattern = /^rev_[0-9a-z]{1,40}$/;

export function encodeReviewCursor(keys: ReviewKeys): string {
  return encodeCursor([keys.createdAtMs, keys.id]);
}

/** The keys in a cursor this module gave out, or undefined for anything else. */
export function decodeReviewCursor(cursor: string): ReviewKeys | undefined {
  const parts = decodeCursor(cursor);
  if (parts === undefined || parts.length !== 2) return undefined;
  const [createdAtMs, id] = parts;
  if (typeof createdAtMs !== 'number' || !Number.isSafeInteger(createdAtMs) || createdAtMs < 0) return undefined;
  if (typeof id !== 'string' || !idPattern.test(id)) return undefined;
  // Beyond year 9999 a Date has no ISO form the database accepts.
  if (createdAtMs > 253_402_300_799_999) return undefined;
  return { createdAtMs, id };
}
