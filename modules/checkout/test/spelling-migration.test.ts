import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { busTablesSql } from '@mercato/platform/bus';
import { migrate, openDb, readMigrations } from '@mercato/platform/db';

/**
 * Migration 0003 renames "fulfil" to "fulfill" in the schema and in stored names. A
 * database made before it, with a parcel, an unfinished parcel saga and an unrelayed
 * event, must come out of it readable by today's code.
 */
describe('checkout migration 0003 (one spelling)', () => {
  it('renames the parcel tables and rewrites stored saga names, saga input and unrelayed events', async () => {
    const db = await openDb({ kind: 'pglite' });
    try {
      const all = await readMigrations(new URL('../migrations/', import.meta.url));
      const before = [{ version: '0000_bus', sql: busTablesSql('checkout') }, ...all.filter((m) => m.version < '0003')];
      await db.exec('CREATE SCHEMA checkout');
      await migrate(db, 'checkout', before);
      await db.exec(`
        INSERT INTO checkout.orders (id, number, status, cart_id, email, shipping_address, shipping_method, currency,
          payment_method, payment_status, created_at, updated_at)
        VALUES ('ord_1', 'M-1', 'placed', 'crt_1', 'a@example.com', '{}', 'standard', 'USD', 'test_card', 'authorized',
          now(), now());
        INSERT INTO checkout.fulfilments (id, order_id, carrier, tracking_number, created_at)
        VALUES ('ful_1', 'ord_1', 'UPS', '1Z', now());
        INSERT INTO checkout.sagas (order_id, saga, status, step_index, input, next_attempt_at, created_at, updated_at)
        VALUES ('ord_1', 'fulfil_order:ful_1', 'running', 0, '{"fulfilmentId":"ful_1","lines":[]}', now(), now(), now()),
               ('ord_1', 'fulfil_order', 'completed', 2, NULL, now(), now(), now());
        INSERT INTO checkout.outbox (id, type, version, occurred_at, data)
        VALUES ('evt_1', 'orders.order_fulfilled', 1, now(), '{"orderId":"ord_1","fulfilmentId":"ful_1"}'),
               ('evt_2', 'orders.order_fulfilled', 1, now(), '{"orderId":"ord_1","fulfilmentId":"ful_0"}');
        UPDATE checkout.outbox SET published_at = now() WHERE id = 'evt_2';
      `);

      await migrate(db, 'checkout', [before[0]!, ...all]);

      const parcels = await db.query('SELECT id FROM checkout.fulfillments');
      assert.deepEqual(parcels.rows, [{ id: 'ful_1' }]);
      const sagas = await db.query<{ saga: string; input: unknown }>(
        'SELECT saga, input FROM checkout.sagas ORDER BY saga',
      );
      assert.deepEqual(sagas.rows, [
        { saga: 'fulfill_order', input: null },
        { saga: 'fulfill_order:ful_1', input: { fulfillmentId: 'ful_1', lines: [] } },
      ]);
      const events = await db.query<{ id: string; data: unknown }>('SELECT id, data FROM checkout.outbox ORDER BY id');
      assert.deepEqual(events.rows, [
        { id: 'evt_1', data: { orderId: 'ord_1', fulfillmentId: 'ful_1' } },
        // Already relayed: history is left as it was sent.
        { id: 'evt_2', data: { orderId: 'ord_1', fulfilmentId: 'ful_0' } },
      ]);
      await assert.rejects(
        db.exec(`INSERT INTO checkout.sagas (order_id, saga, status, step_index, next_attempt_at, created_at, updated_at)
                 VALUES ('ord_1', 'fulfil_order:ful_2', 'running', 0, now(), now(), now())`),
        /sagas_saga_known/,
      );
    } finally {
      await db.close();
    }
  });
});
