import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testDbTargets } from '@mercato/platform/db/testing';
import { shippingStatuses } from '../src/http.ts';
import { bootShipping, type ShippingHost } from './helpers.ts';

for (const target of testDbTargets()) {
  describe(`GET /api/shipping-methods on ${target.name}`, { skip: target.skipReason }, () => {
    let host: ShippingHost;
    before(async () => {
      // No '*' entry: only the listed countries are served.
      host = await bootShipping(target, {
        config: { rates: { US: { standard: 599, express: 1999 }, CA: { standard: 999 } } },
      });
    });
    after(() => host?.close());

    const get = (url: string) => host.app.inject({ method: 'GET', url });

    it('lists the methods of a country, without a token', async () => {
      const response = await get('/api/shipping-methods?country=US');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), {
        items: [
          {
            id: 'standard',
            name: 'Standard',
            price: { amount: 599, currency: 'USD' },
            estimatedDays: { min: 3, max: 7 },
          },
          {
            id: 'express',
            name: 'Express',
            price: { amount: 1999, currency: 'USD' },
            estimatedDays: { min: 1, max: 2 },
          },
        ],
      });
      assert.deepEqual(
        (await get('/api/shipping-methods?country=CA')).json().items.map((m: { id: string }) => m.id),
        ['standard'],
      );
    });

    it('answers an empty list for a well-formed country that is not served', async () => {
      const response = await get('/api/shipping-methods?country=FR');
      assert.equal(response.statusCode, 200);
      assert.deepEqual(response.json(), { items: [] });
    });

    it('answers 400 invalid_request for a missing or malformed country', async () => {
      for (const url of [
        '/api/shipping-methods',
        '/api/shipping-methods?country=usa',
        '/api/shipping-methods?country=us',
        '/api/shipping-methods?country=U1',
      ]) {
        const response = await get(url);
        assert.equal(response.statusCode, 400, url);
        assert.equal(response.json().error.code, 'invalid_request');
      }
    });
  });
}

describe('shippingStatuses', () => {
  it('maps an undeliverable address and an unavailable method to 422, a taken order to 409', () => {
    assert.equal(shippingStatuses.address_undeliverable, 422);
    assert.equal(shippingStatuses.shipping_method_unavailable, 422);
    assert.equal(shippingStatuses.shipment_already_booked, 409);
  });
});
