import { openPglite } from './pglite.ts';
import type { Db, DbConfig } from './port.ts';
import { openPostgres } from './postgres.ts';

export { DirectoryLockedError } from './directory-lock.ts';
export * from './migrate.ts';
export * from './result-transaction.ts';
export type * from './port.ts';

/** Opens the database the configuration names. */
export function openDb(config: DbConfig): Promise<Db> {
  return config.kind === 'pglite' ? openPglite(config.dataDir) : openPostgres(config.url, config.poolSize);
}
