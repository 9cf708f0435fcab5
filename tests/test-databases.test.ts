import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import cart from '@mercato/cart';
import catalog from '@mercato/catalog';
import checkout from '@mercato/checkout';
import customers from '@mercato/customers';
import inventory from '@mercato/inventory';
import notifications from '@mercato/notifications';
import payments from '@mercato/payments';
import type { Db } from '@mercato/platform/db';
import { systemSchemas, templateHash, testDbTargets } from '@mercato/platform/db/testing';
import { bootTestHost } from '@mercato/platform/module/testing';
import reviews from '@mercato/reviews';
import shipping from '@mercato/shipping';

/**
 * Test databases are copies of a migrated template. The template must be exactly what
 * a host migrates, or suites would quietly migrate again (slow) or miss a schema; and
 * it must change whenever a migration does, or a stale template would hide a bug.
 */
const everyModule = [catalog, customers, inventory, payments, shipping, cart, checkout, reviews, notifications];

async function appliedMigrations(db: Db): Promise<string[]> {
  const { rows } = await db.query<{ schema: string }>(
    "SELECT table_schema AS schema FROM information_schema.tables WHERE table_name = 'schema_migrations' LIMIT 100",
  );
  const applied: string[] = [];
  for (const { schema } of rows) {
    const versions = await db.query<{ version: string }>(
      `SELECT version FROM ${schema}.schema_migrations ORDER BY version LIMIT 1000`,
    );
    for (const { version } of versions.rows) applied.push(`${schema}/${version}`);
  }
  return applied.sort();
}

for (const target of testDbTargets()) {
  describe(`test databases on ${target.name}`, { skip: target.skipReason }, () => {
    it('start with every schema migrated: booting every module applies no migration', async () => {
      const db = await target.open();
      const before = await appliedMigrations(db);
      assert.ok(before.includes('checkout/0001_checkout'), 'the copy is migrated');
      // The host closes the database with itself.
      const host = await bootTestHost({
        modules: everyModule,
        db,
        start: false,
        config: { catalog: { currency: 'USD' }, cart: { currency: 'USD' }, shipping: { currency: 'USD' } },
      });
      try {
        assert.equal(await host.host.migrated(), true);
        assert.deepEqual(await appliedMigrations(db), before);
      } finally {
        await host.close();
      }
    });

    it('are separate databases: a write to one is not in another', async () => {
      const [one, other] = await Promise.all([target.open(), target.open()]);
      try {
        await one.query("INSERT INTO inventory.locations (id, name) VALUES ('loc_only_here', 'Only here')");
        const seen = await other.query("SELECT id FROM inventory.locations WHERE id = 'loc_only_here'");
        assert.equal(seen.rows.length, 0);
      } finally {
        await Promise.all([one.close(), other.close()]);
      }
    });
  });
}

describe('the test database template', () => {
  it('is named after every migration: changing, adding or removing one names another', async () => {
    const schemas = await systemSchemas();
    const hash = templateHash(schemas);
    assert.equal(templateHash(await systemSchemas()), hash);
    const [first, ...rest] = schemas;
    assert.ok(first !== undefined && first.migrations.length > 0);
    const [migration, ...others] = first.migrations;
    const changed = { ...first, migrations: [{ ...migration!, sql: `${migration!.sql}\n-- changed` }, ...others] };
    const added = { ...first, migrations: [...first.migrations, { version: '9999_added', sql: 'SELECT 1;' }] };
    const removed = { ...first, migrations: others };
    for (const variant of [changed, added, removed]) assert.notEqual(templateHash([variant, ...rest]), hash);
  });

  it('covers the platform schema and every module folder', async () => {
    const names = (await systemSchemas()).map((entry) => entry.schema);
    assert.deepEqual(names, ['platform', ...everyModule.map((module) => module.name).sort()]);
  });
});
