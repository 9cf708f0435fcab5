import pg from 'pg';
import type { Db, QueryResult, Row, TransactionOptions, Tx } from './port.ts';

const INT8 = 20;
const NUMERIC = 1700;

/** Parse like the PGlite adapter, so module code sees the same values on both. */
const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function toResult<R extends Row>(result: pg.QueryResult<R>): QueryResult<R> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

function queryable(target: pg.Pool | pg.PoolClient): Tx {
  return {
    async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []) {
      return toResult(await target.query<R>(sql, params as unknown[]));
    },
    async exec(sql: string) {
      await target.query(sql);
    },
  };
}

/** A pooled connection to a PostgreSQL server. */
export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    types: typeParsers,
  });
  // An idle client that loses its server emits 'error' on the pool; without a
  // listener that would crash the process. The next checkout reconnects.
  pool.on('error', () => {});
  const base = queryable(pool);
  await base.query('SELECT 1');
  return {
    kind: 'postgres',
    query: base.query,
    exec: base.exec,
    async transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T> {
      const client = await pool.connect();
      let broken = false;
      try {
        await client.query(options?.isolation ? `BEGIN ISOLATION LEVEL ${options.isolation}` : 'BEGIN');
        const value = await work(queryable(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },
    stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
    close: () => pool.end(),
  };
}
