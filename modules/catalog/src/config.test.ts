import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { catalogDefaults, parseCatalogConfig } from './config.ts';

describe('catalog config', () => {
  it('fills gaps with the defaults, the cache field by field', () => {
    assert.deepEqual(parseCatalogConfig({}), catalogDefaults);
    assert.deepEqual(parseCatalogConfig({ cache: { ttlMs: 5000 } }).cache, { entriesMax: 10_000, ttlMs: 5000 });
    assert.ok(Object.isFrozen(parseCatalogConfig({}).cache));
  });

  it('refuses nonsense at boot, naming the field', () => {
    assert.throws(() => parseCatalogConfig({ currency: 'usd' }), /catalog\.currency must be an ISO 4217 code/);
    assert.throws(() => parseCatalogConfig({ cache: { entriesMax: 0 } }), /catalog\.cache\.entriesMax/);
    assert.throws(() => parseCatalogConfig({ cache: { ttlMs: 1.5 } }), /catalog\.cache\.ttlMs/);
    assert.throws(() => parseCatalogConfig({ currencies: ['USD'] }), /catalog\.currencies is not a setting/);
  });
});
