import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Type } from 'typebox';
import { MalformedEventError, parseEventData } from './event-data.ts';
import type { EventEnvelope } from './port.ts';

const StockSchema = Type.Object({
  sku: Type.String({ minLength: 1, maxLength: 64 }),
  available: Type.Integer(),
  locations: Type.Optional(Type.Array(Type.Object({ id: Type.String() }), { maxItems: 10 })),
});

const envelope = (data: unknown): EventEnvelope => ({
  id: 'evt_1',
  type: 'inventory.stock_changed',
  version: 1,
  occurredAt: '2026-03-01T00:00:00.000Z',
  traceparent: null,
  data,
});

describe('parseEventData', () => {
  it('answers the data when it has the declared shape, fields the consumer does not read included', () => {
    const data = { sku: 'TEA', available: 3, onHand: 5, reserved: 2 };
    const parsed = parseEventData(StockSchema, envelope(data));
    assert.equal(parsed.sku, 'TEA');
    assert.equal(parsed.available, 3);
    assert.deepEqual(parsed, data);
  });

  it('throws a MalformedEventError naming the event and the first field that does not match', () => {
    const refusal = (data: unknown) => {
      try {
        parseEventData(StockSchema, envelope(data));
      } catch (error) {
        assert.ok(error instanceof MalformedEventError);
        assert.equal(error.eventId, 'evt_1');
        assert.equal(error.type, 'inventory.stock_changed');
        return error.message;
      }
      assert.fail(`accepted ${JSON.stringify(data)}`);
    };
    assert.equal(
      refusal({ sku: 'TEA', available: 1.5 }),
      'malformed inventory.stock_changed event evt_1: data/available must be integer',
    );
    assert.match(
      refusal({ available: 1 }),
      /^malformed inventory\.stock_changed event evt_1: data must have required properties sku$/,
    );
    assert.match(
      refusal({ sku: 'TEA', available: 1, locations: [{ id: 7 }] }),
      /data\/locations\/0\/id must be string/,
    );
    assert.match(refusal(null), /: data must be object$/);
  });

  it('never quotes the data, which may hold personal details', () => {
    assert.throws(
      () => parseEventData(StockSchema, envelope({ sku: 'someone@example.com'.repeat(10), available: 1 })),
      (error: Error) => error instanceof MalformedEventError && !error.message.includes('someone@example.com'),
    );
  });
});
