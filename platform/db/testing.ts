import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { httpMigrations } from '../http/index.ts';
import { platformMigrations } from '../module/host.ts';
import { type Migration, migrate, readMigrations } from './migrate.ts';
import { createPglite, pgliteDb } from './pglite.ts';
import type { Db } from './port.ts';
import { openPostgres } from './postgres.ts';

/**
 * Database targets for module tests: PGlite in memory always, and PostgreSQL when
 * the test environment provides a server URL. Outside CI a missing URL skips with a
 * visible reason; in CI (CI=true) it is an error, because there every target must run.
 * Tests are the one place besides apps/ that read the environment.
 *
 * A database a target opens is a copy of a template in which every schema of the
 * system is migrated (see `systemSchemas`), so a suite does not pay for migrations: the
 * host's migration runner still runs on it and finds nothing to do. The template is
 * built once per set of migration files (its name carries their hash) and kept: on the
 * server as a template database, for PGlite as a dump of its data directory under
 * node_modules/.cache/mercato. Building it takes a lock (PostgreSQL) or a rename
 * (PGlite), so parallel test processes and parallel runs neither collide nor see half
 * a template.
 */
export type TestDbTarget = {
  readonly name: 'pglite' | 'postgres';
  /** Set when this target cannot run here; pass it to `t.skip()` / `{ skip }`. */
  readonly skipReason: string | undefined;
  /** A fresh database, every schema migrated. Its `close()` also drops it (PostgreSQL). */
  open(): Promise<Db>;
  /** A fresh, empty database, for tests of the platform that bring their own schemas. */
  openEmpty(): Promise<Db>;
};

export function testDbTargets(env: NodeJS.ProcessEnv = process.env): TestDbTarget[] {
  const url = env['DATABASE_URL'];
  if (!url && env['CI'] === 'true')
    throw new Error('DATABASE_URL must be set in CI: PostgreSQL tests may not skip there');
  return [
    { name: 'pglite', skipReason: undefined, open: openTestPglite, openEmpty: () => openPgliteCopy(emptyTemplate) },
    {
      name: 'postgres',
      skipReason: url ? undefined : 'DATABASE_URL not set: PostgreSQL tests skipped',
      open: async () => openNewPostgres(url ?? '', 10, await postgresTemplate(url ?? '')),
      openEmpty: () => openFreshPostgres(url ?? ''),
    },
  ];
}

/** A fresh in-memory PGlite database with every schema migrated: a copy of the template. */
export function openTestPglite(): Promise<Db> {
  return openPgliteCopy(systemTemplate);
}

/** Creates a uniquely named, empty database on the server at `url`; closing the Db drops it. */
export function openFreshPostgres(url: string, poolSize = 10): Promise<Db> {
  return openNewPostgres(url, poolSize, undefined);
}

/**
 * Builds the templates the targets use, if missing: run once before the test files
 * (the test runner's global setup), so parallel files find them ready.
 */
export async function prepareTestDbTemplates(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  await Promise.all([pgliteTemplate(systemTemplate), pgliteTemplate(emptyTemplate)]);
  const url = env['DATABASE_URL'];
  if (url) await postgresTemplate(url);
}

// ---------------------------------------------------------------------------------
// What a template holds.

/** One schema and the migrations the host applies to it, in order. */
export type SchemaMigrations = { readonly schema: string; readonly migrations: readonly Migration[] };

const repositoryRoot = new URL('../../', import.meta.url);

/**
 * What a host that runs every module migrates: the platform's own schema, then each
 * module's schema (named after its folder under modules/) with the platform's tables
 * and the module's migrations, as `bootModules` applies them.
 */
export async function systemSchemas(): Promise<SchemaMigrations[]> {
  const schemas: SchemaMigrations[] = [{ schema: 'platform', migrations: await readMigrations(httpMigrations) }];
  const modules = new URL('modules/', repositoryRoot);
  for (const name of (await readdir(modules)).sort()) {
    const dir = new URL(`${name}/migrations/`, modules);
    if (!existsSync(dir)) continue;
    schemas.push({ schema: name, migrations: [...platformMigrations(name), ...(await readMigrations(dir))] });
  }
  return schemas;
}

/** Names a template by everything migrated into it: any changed, added or removed migration makes another. */
export function templateHash(schemas: readonly SchemaMigrations[]): string {
  const hash = createHash('sha256');
  for (const { schema, migrations } of schemas) {
    hash.update(`${schema}\0${migrations.length}\0`);
    for (const migration of migrations) hash.update(`${migration.version}\0${migration.sql}\0`);
  }
  return hash.digest('hex').slice(0, 16);
}

type Template = { readonly name: string; readonly schemas: readonly SchemaMigrations[] };

let system: Promise<Template> | undefined;

/** Every schema migrated; read once per process. */
function systemTemplate(): Promise<Template> {
  system ??= systemSchemas().then((schemas) => ({ name: `system_${templateHash(schemas)}`, schemas }));
  return system;
}

/** Nothing migrated: an empty database, faster to copy than to make. */
async function emptyTemplate(): Promise<Template> {
  return { name: 'empty', schemas: [] };
}

async function migrateAll(db: Db, schemas: readonly SchemaMigrations[]): Promise<void> {
  for (const { schema, migrations } of schemas) await migrate(db, schema, migrations);
}

// ---------------------------------------------------------------------------------
// PostgreSQL: CREATE DATABASE … TEMPLATE, the template built once under a lock.

/** Held (per transaction) by whoever builds a template, so parallel processes build it once. */
const templateLockKey = 7_346_221_902;
const postgresTemplates = new Map<string, Promise<string>>();

/** The name of the server's template database for the current migrations, built if missing. */
async function postgresTemplate(url: string): Promise<string> {
  const { name, schemas } = await systemTemplate();
  const key = `${url}\0${name}`;
  let ready = postgresTemplates.get(key);
  if (ready === undefined) {
    ready = ensurePostgresTemplate(url, `mercato_template_${name}`, schemas);
    postgresTemplates.set(key, ready);
    ready.catch(() => postgresTemplates.delete(key));
  }
  return ready;
}

async function databaseExists(db: Db, name: string): Promise<boolean> {
  return (await db.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rows.length === 1;
}

/**
 * Builds the template under another name and renames it when complete, so a template
 * under its final name is always whole; nobody stays connected to it (CREATE DATABASE
 * refuses a template in use). A build that died half way is dropped and redone.
 * Templates of other migrations stay: another branch's tests may be using them.
 */
async function ensurePostgresTemplate(url: string, name: string, schemas: readonly SchemaMigrations[]) {
  // Two connections: one holds the lock in a transaction, the other creates databases
  // (CREATE DATABASE cannot run inside a transaction).
  const admin = await openPostgres(url, 2);
  try {
    if (await databaseExists(admin, name)) return name;
    await admin.transaction(async (lock) => {
      await lock.query('SELECT pg_advisory_xact_lock($1)', [templateLockKey]);
      if (await databaseExists(admin, name)) return;
      const building = `${name}_building`;
      await admin.exec(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      await admin.exec(`CREATE DATABASE ${building}`);
      const target = new URL(url);
      target.pathname = `/${building}`;
      const db = await openPostgres(target.toString(), 1);
      try {
        await migrateAll(db, schemas);
      } finally {
        await db.close();
      }
      await admin.exec(`ALTER DATABASE ${building} RENAME TO ${name}`);
      await admin.exec(`ALTER DATABASE ${name} IS_TEMPLATE true`);
    });
    return name;
  } finally {
    await admin.close();
  }
}

async function openNewPostgres(url: string, poolSize: number, template: string | undefined): Promise<Db> {
  const name = `mercato_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  try {
    await admin.exec(`CREATE DATABASE ${name}${template === undefined ? '' : ` TEMPLATE ${template}`}`);
  } finally {
    await admin.close();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  const db = await openPostgres(target.toString(), poolSize);
  return {
    ...db,
    async close() {
      await db.close();
      const cleanup = await openPostgres(url, 1);
      try {
        await cleanup.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.close();
      }
    },
  };
}

// ---------------------------------------------------------------------------------
// PGlite: a dump of the template's data directory, loaded into each new instance.

const cacheDir = new URL('node_modules/.cache/mercato/', repositoryRoot);
const pgliteDumps = new Map<string, Promise<Blob>>();

async function openPgliteCopy(template: () => Promise<Template>): Promise<Db> {
  return pgliteDb(await createPglite(undefined, await pgliteTemplate(template)));
}

async function pgliteTemplate(template: () => Promise<Template>): Promise<Blob> {
  const { name, schemas } = await template();
  let dump = pgliteDumps.get(name);
  if (dump === undefined) {
    dump = loadPgliteDump(name, schemas);
    pgliteDumps.set(name, dump);
    dump.catch(() => pgliteDumps.delete(name));
  }
  return dump;
}

/** A dump loads into the PGlite version that made it: the version is part of the file name. */
async function pgliteVersion(): Promise<string> {
  const manifest = new URL('../package.json', import.meta.resolve('@electric-sql/pglite'));
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version;
}

/**
 * Reads the dump of a template, or builds and writes it. Written under a temporary
 * name and renamed, so readers never see half a file; two processes that build at once
 * both write the same content.
 */
async function loadPgliteDump(name: string, schemas: readonly SchemaMigrations[]): Promise<Blob> {
  const prefix = `pglite-${await pgliteVersion()}-`;
  const file = new URL(`${prefix}${name}.tar`, cacheDir);
  try {
    return new Blob([await readFile(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const pglite = await createPglite(undefined);
  const db = pgliteDb(pglite);
  let dump: Blob;
  try {
    await migrateAll(db, schemas);
    dump = await pglite.dumpDataDir('none');
  } finally {
    await db.close();
  }
  await mkdir(cacheDir, { recursive: true });
  const partial = new URL(`${prefix}${name}.${process.pid}.partial`, cacheDir);
  try {
    await writeFile(partial, new Uint8Array(await dump.arrayBuffer()));
    await rename(partial, file);
  } finally {
    await rm(partial, { force: true });
  }
  // Dumps of another PGlite version, or of earlier migrations, are not read any more.
  for (const entry of await readdir(cacheDir)) {
    if (!entry.startsWith('pglite-') || !entry.endsWith('.tar') || entry === `${prefix}${name}.tar`) continue;
    const otherVersion = !entry.startsWith(prefix);
    const earlierMigrations = name.startsWith('system_') && entry.startsWith(`${prefix}system_`);
    if (otherVersion || earlierMigrations) await rm(new URL(entry, cacheDir), { force: true });
  }
  return dump;
}
