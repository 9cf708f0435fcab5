import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { assert } from '../kernel/index.ts';
import type { Db, Tx } from './port.ts';

/** One SQL migration. `version` orders them and names them in the tracking table. */
export type Migration = { readonly version: string; readonly sql: string };

export type AppliedMigration = { readonly schema: string; readonly version: string };

const schemaPattern = /^[a-z][a-z0-9_]{0,62}$/;
const fileNamePattern = /^\d{4}_[a-z0-9_]+\.sql$/;
const migrationsMax = 1000;
/**
 * Every process that migrates takes this one advisory lock first, so several processes
 * starting at once apply each migration exactly once, one after another.
 */
const lockKey = 7_346_221_901;

export function checksum(sql: string): string {
  return createHash('sha256').update(sql).digest('hex');
}

/** Reads `NNNN_name.sql` files from a folder, in order. Other files are an error. */
export async function readMigrations(dir: URL): Promise<Migration[]> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  assert(names.length <= migrationsMax, `too many migrations in ${dir.pathname}`);
  const migrations: Migration[] = [];
  for (const name of names) {
    if (!fileNamePattern.test(name)) throw new Error(`migration file name must look like 0001_name.sql: ${name}`);
    migrations.push({ version: name.replace(/\.sql$/, ''), sql: await readFile(new URL(name, dir), 'utf8') });
  }
  return migrations;
}

async function ensureTracking(tx: Tx, schema: string): Promise<void> {
  await tx.exec(
    `CREATE SCHEMA IF NOT EXISTS ${schema};
     CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
       version text PRIMARY KEY,
       checksum text NOT NULL,
       applied_at timestamptz NOT NULL DEFAULT now()
     );`,
  );
}

/**
 * Applies `migrations` that are not yet applied into `schema`, in one transaction,
 * with `search_path` set to the schema. An applied migration whose text changed is
 * refused: migrations are append-only.
 */
export async function migrate(db: Db, schema: string, migrations: readonly Migration[]): Promise<AppliedMigration[]> {
  assert(schemaPattern.test(schema), `invalid schema name: ${schema}`);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
    await ensureTracking(tx, schema);
    const { rows } = await tx.query<{ version: string; checksum: string }>(
      `SELECT version, checksum FROM ${schema}.schema_migrations ORDER BY version LIMIT ${migrationsMax}`,
    );
    const known = new Map(rows.map((row) => [row.version, row.checksum]));
    const applied: AppliedMigration[] = [];
    for (const migration of migrations) {
      const sum = checksum(migration.sql);
      const previous = known.get(migration.version);
      if (previous !== undefined) {
        if (previous !== sum) {
          throw new Error(
            `migration ${schema}/${migration.version} was changed after it was applied (checksum differs)`,
          );
        }
        continue;
      }
      await tx.exec(`SET LOCAL search_path TO ${schema}, public;\n${migration.sql}`);
      await tx.query(`INSERT INTO ${schema}.schema_migrations (version, checksum) VALUES ($1, $2)`, [
        migration.version,
        sum,
      ]);
      applied.push({ schema, version: migration.version });
    }
    return applied;
  });
}

/** Versions in `migrations` that are not applied yet (for readiness checks). */
export async function pendingMigrations(db: Db, schema: string, migrations: readonly Migration[]): Promise<string[]> {
  assert(schemaPattern.test(schema), `invalid schema name: ${schema}`);
  const exists = await db.query(
    `SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'schema_migrations'`,
    [schema],
  );
  if (exists.rows.length === 0) return migrations.map((migration) => migration.version);
  const { rows } = await db.query<{ version: string }>(
    `SELECT version FROM ${schema}.schema_migrations LIMIT ${migrationsMax}`,
  );
  const applied = new Set(rows.map((row) => row.version));
  return migrations.filter((migration) => !applied.has(migration.version)).map((migration) => migration.version);
}
