import { randomBytes } from 'node:crypto';
import { openPglite } from './pglite.ts';
import type { Db } from './port.ts';
import { openPostgres } from './postgres.ts';

/**
 * Database targets for module tests: PGlite in memory always, and PostgreSQL when
 * the test environment provides a server URL. Outside CI a missing URL skips with a
 * visible reason; in CI (CI=true) it is an error, because there every target must run.
 * Tests are the one place besides apps/ that read the environment.
 */
export type TestDbTarget = {
  readonly name: 'pglite' | 'postgres';
  /** Set when this target cannot run here; pass it to `t.skip()` / `{ skip }`. */
  readonly skipReason: string | undefined;
  /** A fresh, empty database. Its `close()` also drops it (PostgreSQL). */
  open(): Promise<Db>;
};

export function testDbTargets(env: NodeJS.ProcessEnv = process.env): TestDbTarget[] {
  const url = env['DATABASE_URL'];
  if (!url && env['CI'] === 'true')
    throw new Error('DATABASE_URL must be set in CI: PostgreSQL tests may not skip there');
  return [
    { name: 'pglite', skipReason: undefined, open: () => openPglite(undefined) },
    {
      name: 'postgres',
      skipReason: url ? undefined : 'DATABASE_URL not set: PostgreSQL tests skipped',
      open: () => openFreshPostgres(url ?? ''),
    },
  ];
}

/** Creates a uniquely named database on the server at `url`; closing the Db drops it. */
export async function openFreshPostgres(url: string, poolSize = 10): Promise<Db> {
  const name = `mercato_test_${randomBytes(6).toString('hex')}`;
  const admin = await openPostgres(url, 1);
  try {
    await admin.exec(`CREATE DATABASE ${name}`);
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
