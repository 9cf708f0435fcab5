import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { durableName } from './nats.ts';
import { busTablesSql } from './tables.ts';

describe('busTablesSql', () => {
  it('creates the outbox, its partial index on unpublished rows, and the inbox in the given schema', () => {
    const sql = busTablesSql('catalog');
    assert.match(sql, /CREATE TABLE IF NOT EXISTS catalog\.outbox/);
    assert.match(sql, /ON catalog\.outbox \(seq\)\s+WHERE published_at IS NULL AND dead_at IS NULL/);
    assert.match(sql, /CREATE TABLE IF NOT EXISTS catalog\.inbox/);
    assert.match(sql, /PRIMARY KEY \(consumer, event_id\)/);
  });

  it('refuses schema names that are not plain lowercase identifiers', () => {
    for (const name of ['', 'Catalog', '1abc', 'a-b', 'a;drop table x', 'a'.repeat(64), 'public.x']) {
      assert.throws(() => busTablesSql(name), /invalid schema name/, name);
    }
  });
});

describe('durableName', () => {
  it('replaces the dots NATS forbids in durable names', () => {
    assert.equal(durableName('catalog.cache'), 'catalog_cache');
    assert.equal(durableName('checkout.order_placed.mail'), 'checkout_order_placed_mail');
  });
});
