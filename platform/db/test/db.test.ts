import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fail, ok } from '../../kernel/index.ts';
import { inResultTransaction, migrate, openDb, pendingMigrations, readMigrations, uniqueViolation } from '../index.ts';
import { openFreshPostgres, testDbTargets } from '../testing.ts';

const migrations = [
  { version: '0001_items', sql: 'CREATE TABLE items (id int PRIMARY KEY, qty int NOT NULL CHECK (qty >= 0));' },
  { version: '0002_items_name', sql: "ALTER TABLE items ADD COLUMN name text NOT NULL DEFAULT '';" },
];

for (const target of testDbTargets()) {
  describe(`db on ${target.name}`, { skip: target.skipReason }, () => {
    it('parses bigint, numeric, timestamptz and jsonb the same way on every adapter', async () => {
      const db = await target.open();
      try {
        const { rows } = await db.query(
          `SELECT 9007199254740991::int8 AS big, 2.5::numeric AS num, count(*) AS n,
                  '2026-01-01T00:00:00Z'::timestamptz AS at, '{"a":[1]}'::jsonb AS doc
             FROM (VALUES (1), (2)) AS v(x)`,
        );
        assert.deepEqual(rows[0], {
          big: 9007199254740991,
          num: 2.5,
          n: 2,
          at: new Date('2026-01-01T00:00:00Z'),
          doc: { a: [1] },
        });
      } finally {
        await db.close();
      }
    });

    it('commits a transaction that resolves and rolls back one that throws', async () => {
      const db = await target.open();
      try {
        await migrate(db, 'shop', migrations);
        await db.transaction(async (tx) => {
          await tx.query('INSERT INTO shop.items (id, qty) VALUES ($1, $2)', [1, 5]);
        });
        await assert.rejects(
          db.transaction(async (tx) => {
            await tx.query('INSERT INTO shop.items (id, qty) VALUES ($1, $2)', [2, 5]);
            throw new Error('boom');
          }),
          /boom/,
        );
        await assert.rejects(db.query('UPDATE shop.items SET qty = qty - 10 WHERE id = 1'), /check/i);
        const { rows } = await db.query('SELECT id, qty FROM shop.items ORDER BY id');
        assert.deepEqual(rows, [{ id: 1, qty: 5 }]);
        const update = await db.query('UPDATE shop.items SET qty = qty - 1 WHERE id = 1 AND qty >= 1');
        assert.equal(update.rowCount, 1);
      } finally {
        await db.close();
      }
    });

    it('rolls a result transaction back on a failed Result and names a broken unique constraint', async () => {
      const db = await target.open();
      try {
        await migrate(db, 'shop', migrations);
        const failed = await inResultTransaction(db, async (tx) => {
          await tx.query('INSERT INTO shop.items (id, qty) VALUES (7, 1)');
          return fail('out_of_luck', 'No.');
        });
        assert.deepEqual(failed, { ok: false, code: 'out_of_luck', message: 'No.' });
        assert.equal((await db.query('SELECT 1 FROM shop.items WHERE id = 7')).rows.length, 0);
        const done = await inResultTransaction(db, async (tx) => {
          await tx.query('INSERT INTO shop.items (id, qty) VALUES (7, 1)');
          return ok('inserted');
        });
        assert.deepEqual(done, { ok: true, value: 'inserted' });
        const error = await db
          .query('INSERT INTO shop.items (id, qty) VALUES (7, 1)')
          .catch((caught: unknown) => caught);
        assert.equal(uniqueViolation(error), 'items_pkey');
        assert.equal(uniqueViolation(new Error('other')), undefined);
      } finally {
        await db.close();
      }
    });

    it('applies each migration once into its schema and refuses a changed one', async () => {
      const db = await target.open();
      try {
        assert.deepEqual(await pendingMigrations(db, 'shop', migrations), ['0001_items', '0002_items_name']);
        const first = await migrate(db, 'shop', migrations);
        assert.deepEqual(
          first.map((m) => m.version),
          ['0001_items', '0002_items_name'],
        );
        assert.deepEqual(await migrate(db, 'shop', migrations), []);
        assert.deepEqual(await pendingMigrations(db, 'shop', migrations), []);
        const { rows } = await db.query(
          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'shop' ORDER BY table_name",
        );
        assert.deepEqual(
          rows.map((row) => row['table_name']),
          ['items', 'schema_migrations'],
        );
        const changed = [{ version: '0001_items', sql: 'CREATE TABLE items (id int);' }];
        await assert.rejects(migrate(db, 'shop', changed), /changed after it was applied/);
      } finally {
        await db.close();
      }
    });
  });
}

describe('migrations', () => {
  it('read NNNN_name.sql files in order from a folder', async () => {
    const list = await readMigrations(new URL('../../http/migrations/', import.meta.url)).catch(() => []);
    for (const migration of list) assert.match(migration.version, /^\d{4}_[a-z0-9_]+$/);
  });

  it('keep PGlite data in its data directory across restarts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mercato-db-'));
    try {
      const first = await openDb({ kind: 'pglite', dataDir: dir });
      await migrate(first, 'shop', migrations);
      await first.query('INSERT INTO shop.items (id, qty) VALUES (1, 3)');
      await first.close();
      const second = await openDb({ kind: 'pglite', dataDir: dir });
      assert.deepEqual(await migrate(second, 'shop', migrations), []);
      const { rows } = await second.query('SELECT qty FROM shop.items');
      assert.deepEqual(rows, [{ qty: 3 }]);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  const url = process.env['DATABASE_URL'];
  it('are applied exactly once when several processes start at once (PostgreSQL)', {
    skip: url ? undefined : 'DATABASE_URL not set: PostgreSQL tests skipped',
  }, async () => {
    const db = await openFreshPostgres(url ?? '', 2);
    const target = new URL(url ?? '');
    const { rows } = await db.query<{ name: string }>('SELECT current_database() AS name');
    target.pathname = `/${rows[0]!.name}`;
    // Separate pools stand for separate processes racing at start.
    const racers = await Promise.all(
      [1, 2, 3, 4].map(() => openDb({ kind: 'postgres', url: target.toString(), poolSize: 1 })),
    );
    try {
      const results = await Promise.all(racers.map((racer) => migrate(racer, 'shop', migrations)));
      assert.equal(results.flat().length, migrations.length);
      const applied = await db.query('SELECT version FROM shop.schema_migrations ORDER BY version');
      assert.equal(applied.rows.length, migrations.length);
    } finally {
      await Promise.all(racers.map((racer) => racer.close()));
      await db.close();
    }
  });
});
