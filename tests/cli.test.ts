import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import inventoryModule from '@mercato/inventory';
import { apiOf } from '@mercato/platform/module';
import { createApp } from '../apps/mercato/src/app.ts';
import { readConfig } from '../apps/mercato/src/config.ts';

const cli = new URL('../apps/mercato/src/cli.ts', import.meta.url).pathname;

function run(args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('mercato CLI', () => {
  it('stops with a message naming a bad setting', () => {
    const result = run(['migrate'], { PORT: 'eighty' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /configuration error: PORT/);
  });

  it('seeds products whose creation events reach every consumer, and continues numbering on a second seed', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mercato-cli-'));
    try {
      assert.equal(run(['seed', '--products', '12', '--data', dataDir]).status, 0);
      assert.equal(run(['seed', '--products', '3', '--data', dataDir]).status, 0);
      const app = await createApp(
        readConfig({ flags: { port: '0', data: dataDir, products: '0' }, env: { LOG_LEVEL: 'silent' }, cwd: dataDir }),
      );
      try {
        assert.equal(await app.catalog.countProducts(), 15);
        const page = await app.catalog.listProducts({ limit: 100 });
        assert.ok(page.ok);
        const skus: string[] = [];
        for (const summary of page.value.items) {
          const product = await app.catalog.getProduct(summary.id);
          assert.ok(product.ok);
          skus.push(...product.value.variants.map((variant) => variant.sku));
        }
        // Inventory learns of each SKU only from catalog.product_created: a lost event
        // would leave a SKU without a stock level.
        const inventory = apiOf(app.host.apis, inventoryModule);
        const levels = await inventory.getLevels(skus);
        const known = new Set(levels.map((level) => level.sku));
        assert.deepEqual(
          skus.filter((sku) => !known.has(sku)),
          [],
        );
      } finally {
        await app.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to write to the data directory of a running server, naming it, and writes once it stopped', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mercato-cli-'));
    const admin = ['admin', 'create', '--email', 'late@example.com', '--password', 'a long staff passphrase 42'];
    try {
      const app = await createApp(
        readConfig({ flags: { port: '0', data: dataDir, products: '0' }, env: { LOG_LEVEL: 'silent' }, cwd: dataDir }),
      );
      try {
        const refused = run([...admin, '--data', dataDir]);
        assert.equal(refused.status, 1);
        assert.match(refused.stderr, new RegExp(`in use by process ${process.pid}`));
        assert.match(refused.stderr, /admin API/);
        assert.doesNotMatch(refused.stdout, /created/);
      } finally {
        await app.close();
      }
      const created = run([...admin, '--data', dataDir]);
      assert.equal(created.status, 0, created.stderr);
      assert.match(created.stdout, /late@example\.com \(admin\) created/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
