import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

const read = (env: Record<string, string> = {}, flags: Record<string, string> = {}) =>
  readConfig({ env, flags, cwd: '/srv/shop' });

describe('readConfig', () => {
  it('defaults to the embedded topology on port 3000 with data under ./data', () => {
    const config = read();
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, '/srv/shop/data');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.natsUrl, undefined);
    assert.equal(config.seedProducts, 1000);
    assert.ok(Object.isFrozen(config));
  });

  it('prefers flags over the environment', () => {
    const config = read({ PORT: '4000', MERCATO_DATA_DIR: 'env-data' }, { port: '5000', data: '/tmp/d' });
    assert.equal(config.port, 5000);
    assert.equal(config.dataDir, '/tmp/d');
  });

  it('names the bad value when it stops the start', () => {
    assert.throws(
      () => read({ PORT: 'eighty' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT/);
        return true;
      },
    );
    assert.throws(() => read({ PORT: '70000' }), /PORT .* between 0 and 65535/);
    assert.throws(() => read({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL must start with postgres/);
    assert.throws(() => read({ NATS_URL: 'not a url' }), /NATS_URL is not a valid URL/);
    assert.throws(() => read({ LOG_LEVEL: 'loud' }), /LOG_LEVEL/);
    assert.throws(() => read({}, { products: '-3' }), /MERCATO_SEED_PRODUCTS/);
  });
});
