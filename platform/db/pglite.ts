import { mkdir } from 'node:fs/promises';
import { PGlite, types } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { lockDirectory } from './directory-lock.ts';
import type { Db, QueryResult, Row, TransactionOptions, Tx } from './port.ts';

type PGliteQueryable = Pick<PGlite, 'query' | 'exec'>;

function toResult<R extends Row>(result: { rows: R[]; affectedRows?: number }): QueryResult<R> {
  return { rows: result.rows, rowCount: result.affectedRows || result.rows.length };
}

function queryable(target: PGliteQueryable): Tx {
  return {
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      return toResult(await target.query<R>(sql, params as unknown[]));
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  };
}

/**
 * PostgreSQL in-process (WASM). One connection: transactions run one at a time,
 * which is what makes the embedded default simple; `waiting` counts the queue.
 * `dataDir` undefined keeps everything in memory (tests). A data directory belongs to one
 * process at a time: a second process is refused with an error naming the first.
 */
export async function openPglite(dataDir: string | undefined): Promise<Db> {
  if (dataDir === undefined) return pgliteDb(await createPglite(undefined));
  await mkdir(dataDir, { recursive: true });
  const lock = lockDirectory(dataDir);
  try {
    return pgliteDb(await createPglite(dataDir), () => lock.release());
  } catch (error) {
    lock.release();
    throw error;
  }
}

/**
 * A PGlite instance with the extensions and parsers every Mercato database has.
 * `from` starts from a dump of another data directory instead of an empty one (tests
 * copy a migrated template).
 */
export async function createPglite(dataDir: string | undefined, from?: Blob): Promise<PGlite> {
  // PGlite creates its own folder but not the folders above it.
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  return PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(from === undefined ? {} : { loadDataDir: from }),
    extensions: { pg_trgm },
    parsers: { [types.INT8]: Number, [types.NUMERIC]: Number },
  });
}

/** The Db port over an open PGlite instance; closing the Db closes the instance, then calls `onClose`. */
export function pgliteDb(pglite: PGlite, onClose?: () => void): Db {
  let waiting = 0;
  const base = queryable(pglite);
  return {
    kind: 'pglite',
    query: base.query,
    exec: base.exec,
    async transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
      waiting++;
      let started = false;
      try {
        return await pglite.transaction(async (transaction) => {
          started = true;
          waiting--;
          // PGlite has a single session, so every isolation level behaves as serial
          // execution; the statement is still issued so SQL errors surface alike.
          if (options?.isolation) await transaction.query(`SET TRANSACTION ISOLATION LEVEL ${options.isolation}`);
          return work(queryable(transaction));
        });
      } finally {
        if (!started) waiting--;
      }
    },
    stats: () => ({ total: 1, idle: waiting === 0 ? 1 : 0, waiting }),
    async close() {
      await pglite.close();
      onClose?.();
    },
  };
}
