import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from 'typebox';
import { ConfigError, parseConfig } from './config.ts';

const Schema = Type.Object(
  {
    currency: Type.String({ pattern: '^[A-Z]{3}$', errorMessage: 'must be an ISO 4217 code', default: 'USD' }),
    batchSize: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    cache: Type.Object(
      {
        entriesMax: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1000 }),
        ttlMs: Type.Integer({ minimum: 1, maximum: 60_000, default: 5000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    rates: Type.Record(Type.String(), Type.Integer({ minimum: 0, maximum: 10_000 }), {
      propertyNames: { pattern: '^[A-Z]{2}$', errorMessage: 'is not an ISO country code' },
      default: { US: 0 },
    }),
    limit: Type.Object(
      { count: Type.Integer({ minimum: 1, maximum: 100 }), windowMs: Type.Integer({ minimum: 1, maximum: 60_000 }) },
      { additionalProperties: false, default: { count: 10, windowMs: 1000 } },
    ),
    free: Type.Union([Type.Integer({ minimum: 0, maximum: 1000 }), Type.Null()], { default: null }),
    transport: Type.Enum(['mailbox', 'smtp'], { default: 'mailbox' }),
    url: Type.Optional(Type.String({ pattern: '^smtps?://', writeOnly: true })),
    floorMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 10 }),
  },
  { additionalProperties: false },
);

const parse = (input: unknown) =>
  parseConfig('shop', Schema, input, [
    { field: 'floorMs', rule: 'must be below cache.ttlMs', holds: (config) => config.floorMs < config.cache.ttlMs },
  ]);

describe('parseConfig', () => {
  it('fills every gap from the defaults, nested ones field by field, and freezes the result deeply', () => {
    const config = parse({ cache: { ttlMs: 9000 } });
    assert.deepEqual(config, {
      currency: 'USD',
      batchSize: 100,
      cache: { entriesMax: 1000, ttlMs: 9000 },
      rates: { US: 0 },
      limit: { count: 10, windowMs: 1000 },
      free: null,
      transport: 'mailbox',
      floorMs: 10,
    });
    assert.ok(Object.isFrozen(config) && Object.isFrozen(config.cache) && Object.isFrozen(config.rates));
    assert.deepEqual(parse(undefined), parse({}));
  });

  it('leaves its input alone, even a frozen one', () => {
    const input = Object.freeze({ batchSize: 7 });
    assert.equal(parse(input).batchSize, 7);
    assert.deepEqual(input, { batchSize: 7 });
  });

  it('takes a given table or rule whole, without mixing in the default', () => {
    assert.deepEqual(parse({ rates: { DE: 1900 } }).rates, { DE: 1900 });
    assert.throws(() => parse({ limit: { count: 5 } }), /^ConfigError: shop\.limit\.windowMs is required$/);
  });

  it('names the module, the field, the rule and the value it refuses', () => {
    const refused = (input: unknown) => {
      try {
        parse(input);
      } catch (error) {
        assert.ok(error instanceof ConfigError);
        return error.message;
      }
      assert.fail(`accepted ${JSON.stringify(input)}`);
    };
    assert.equal(refused({ batchSize: 1000 }), 'shop.batchSize must be an integer from 1 to 500: 1000');
    assert.equal(refused({ batchSize: 1.5 }), 'shop.batchSize must be an integer from 1 to 500: 1.5');
    assert.equal(refused({ batchSize: '5' }), 'shop.batchSize must be an integer from 1 to 500: "5"');
    assert.equal(refused({ currency: 'usd' }), 'shop.currency must be an ISO 4217 code: "usd"');
    assert.equal(refused({ cache: { ttlMs: 0 } }), 'shop.cache.ttlMs must be an integer from 1 to 60000: 0');
    assert.equal(refused({ rates: { de: 1 } }), 'shop.rates: "de" is not an ISO country code');
    assert.equal(refused({ rates: { DE: 19.5 } }), 'shop.rates.DE must be an integer from 0 to 10000: 19.5');
    assert.equal(refused({ free: -1 }), 'shop.free must be an integer from 0 to 1000 or null: -1');
    assert.equal(refused({ transport: 'pigeon' }), 'shop.transport must be one of "mailbox", "smtp": "pigeon"');
    assert.equal(refused({ batchSise: 5 }), 'shop.batchSise is not a setting shop knows');
    assert.equal(refused({ cache: { size: 5 } }), 'shop.cache.size is not a setting shop knows');
    assert.equal(refused('everything'), 'shop must be object: "everything"');
    assert.equal(refused({ floorMs: 6000 }), 'shop.floorMs must be below cache.ttlMs');
  });

  it('never echoes a value marked writeOnly', () => {
    assert.throws(
      () => parse({ url: 'https://user:hunter2@mail.example' }),
      (error: Error) => /shop\.url/.test(error.message) && !error.message.includes('hunter2'),
    );
  });
});
