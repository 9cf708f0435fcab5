/**
 * The Db port. Module stores write SQL against this and nothing else; which adapter
 * runs underneath (PGlite in-process, or a PostgreSQL pool) is configuration.
 *
 * Parameters are positional (`$1`, `$2`, …) in both adapters. Values go in as
 * parameters, never spliced into SQL text.
 */
export type Row = Record<string, unknown>;

export type QueryResult<R extends Row = Row> = {
  readonly rows: R[];
  /** Rows touched by INSERT/UPDATE/DELETE, or returned by SELECT. */
  readonly rowCount: number;
};

export interface Queryable {
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations, DDL). */
  exec(sql: string): Promise<void>;
}

/** A transaction handle: the same `query`, bound to one connection until commit. */
export type Tx = Queryable;

export type IsolationLevel = 'read committed' | 'repeatable read' | 'serializable';

export type TransactionOptions = {
  readonly isolation?: IsolationLevel;
};

export type DbPoolStats = {
  /** Connections open now (PGlite: always 1). */
  readonly total: number;
  readonly idle: number;
  /** Callers waiting for a connection (PGlite: queued transactions). */
  readonly waiting: number;
};

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /**
   * Runs `work` in one transaction: COMMIT when it resolves, ROLLBACK when it throws
   * (the error is rethrown). Nested calls are a bug.
   */
  transaction<T>(work: (tx: Tx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  stats(): DbPoolStats;
  close(): Promise<void>;
}

/**
 * How to reach the database, decided once at start.
 * - `{ kind: 'pglite', dataDir }` keeps files under `dataDir`; `dataDir: undefined` is in memory.
 * - `{ kind: 'postgres', url, poolSize }` is a pooled connection to a server.
 */
/**
 * Both adapters parse values alike: int8 (bigint, count(*)) and numeric come back as
 * JS numbers, timestamptz as Date, json/jsonb parsed. Money is stored as bigint minor
 * units, so it always fits in a safe integer.
 */
export type DbConfig =
  | { readonly kind: 'pglite'; readonly dataDir?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly poolSize?: number };
