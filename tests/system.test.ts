import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@mercato/platform/testing';
import pg from 'pg';
import { type App, createApp } from '../apps/mercato/src/app.ts';
import { readConfig } from '../apps/mercato/src/config.ts';

/**
 * The same scenario against both topologies of one process: the embedded default
 * (PGlite, in-process events) and the server-backed one (PostgreSQL, NATS JetStream).
 * A catalog write must reach the HTTP read side through the outbox, the relay, the
 * transport and the cache listener, whichever adapters carry it.
 */
const databaseUrl = process.env['DATABASE_URL'];
const natsUrl = process.env['NATS_URL'];
if (process.env['CI'] === 'true' && (!databaseUrl || !natsUrl)) {
  throw new Error('DATABASE_URL and NATS_URL must be set in CI: the server topology may not skip there');
}

type Topology = {
  name: string;
  skip: string | undefined;
  env: () => Promise<Record<string, string>>;
  cleanup: () => Promise<void>;
};

function serverTopology(): Topology {
  const name = `mercato_system_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  return {
    name: 'postgres + nats',
    skip: databaseUrl && natsUrl ? undefined : 'DATABASE_URL or NATS_URL not set: server topology skipped',
    async env() {
      await admin(`CREATE DATABASE ${name}`);
      const url = new URL(databaseUrl ?? '');
      url.pathname = `/${name}`;
      return { DATABASE_URL: url.toString(), NATS_URL: natsUrl ?? '' };
    },
    cleanup: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

const topologies: Topology[] = [
  { name: 'embedded', skip: undefined, env: async () => ({}), cleanup: async () => {} },
  serverTopology(),
];

for (const topology of topologies) {
  describe(`system: ${topology.name}`, { skip: topology.skip }, () => {
    let app: App;
    let dataDir: string;
    let env: Record<string, string>;

    before(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'mercato-system-'));
      env = { ...(await topology.env()), LOG_LEVEL: 'silent' };
      app = await createApp(readConfig({ flags: { port: '0', data: dataDir, products: '0' }, env, cwd: dataDir }));
      await app.start();
    });

    after(async () => {
      await app?.close();
      await rm(dataDir, { recursive: true, force: true });
      await topology.cleanup();
    });

    it('is alive, ready, measured and documented', async () => {
      assert.equal((await app.http.inject({ url: '/healthz' })).statusCode, 200);
      assert.equal((await app.http.inject({ url: '/readyz' })).statusCode, 200);
      const metrics = await app.http.inject({ url: '/metrics' });
      assert.match(metrics.body, /http_request_duration_seconds/);
      assert.match(metrics.body, /outbox_lag_seconds/);
      assert.match(metrics.body, /db_pool_connections/);
      const openapi = JSON.parse((await app.http.inject({ url: '/openapi.json' })).body);
      assert.match(openapi.openapi, /^3\.1/);
      assert.ok(openapi.paths['/api/products'], 'the catalog routes are documented');
    });

    it('carries a catalog write to the cached read side through the outbox and the transport', async () => {
      const category = await app.catalog.createCategory({ slug: 'lamps', name: 'Lamps' });
      assert.ok(category.ok);
      const created = await app.catalog.createProduct({
        title: 'Brass Desk Lamp',
        description: 'A lamp for a desk.',
        categoryIds: [category.value.id],
        variants: [
          {
            sku: 'LAMP-1',
            title: 'Brass',
            options: { finish: 'brass' },
            price: { amount: 4999, currency: 'USD' },
            initialStock: 3,
          },
        ],
      });
      assert.ok(created.ok);
      const list = async () => JSON.parse((await app.http.inject({ url: '/api/products?category=lamps' })).body);
      assert.equal((await list()).items[0].price.amount, 4999);

      const variantId = created.value.variants[0]!.id;
      const updated = await app.catalog.updateProduct(created.value.id, {
        variants: [{ id: variantId, price: { amount: 3999, currency: 'USD' } }],
      });
      assert.ok(updated.ok);
      const seen = await eventually(async () => {
        const body = await list();
        return body.items[0]?.price.amount === 3999 ? body : undefined;
      });
      assert.equal(seen.items.length, 1);
      const page = JSON.parse((await app.http.inject({ url: `/api/products/${created.value.slug}` })).body);
      assert.equal(page.variants[0].price.amount, 3999);
    });

    it('invalidates the cache of a second process through the broker', {
      skip: topology.name === 'embedded' ? 'one PGlite database belongs to one process' : undefined,
    }, async () => {
      const other = await createApp(
        readConfig({ flags: { port: '0', data: dataDir, products: '0' }, env, cwd: dataDir }),
      );
      await other.start();
      try {
        const product = await app.catalog.getProduct('brass-desk-lamp');
        assert.ok(product.ok);
        const read = async () =>
          JSON.parse((await other.http.inject({ url: `/api/products/${product.value.slug}` })).body);
        assert.equal((await read()).title, 'Brass Desk Lamp', 'the second process has the product cached now');
        const renamed = await app.catalog.updateProduct(product.value.id, { title: 'Brass Reading Lamp' });
        assert.ok(renamed.ok);
        const seen = await eventually(async () => {
          const body = await read();
          return body.title === 'Brass Reading Lamp' ? body : undefined;
        });
        assert.equal(seen.id, product.value.id);
      } finally {
        await other.close();
      }
    });
  });
}
