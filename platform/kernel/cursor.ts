/**
 * Cursors are opaque to clients: base64url of a small JSON array of the sort keys
 * of the last row served. Decoding never throws; a bad cursor is `undefined`.
 */
export function encodeCursor(keys: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(keys), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): (string | number | null)[] | undefined {
  if (cursor.length > 512) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed)) return undefined;
    for (const key of parsed) {
      if (key !== null && typeof key !== 'string' && typeof key !== 'number') return undefined;
    }
    return parsed as (string | number | null)[];
  } catch {
    return undefined;
  }
}
