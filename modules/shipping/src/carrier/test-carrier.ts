import { createHash } from 'node:crypto';
import { ShippingCarrierUnavailable, testPostalCodes } from '../contract.ts';
import type { Carrier } from './port.ts';

/**
 * The built-in test carrier: no network, no state of its own. The tracking number is
 * derived from the idempotency key, so booking again with a key answers the same
 * number, as a real carrier's idempotent booking would. Postal code 00000 is
 * undeliverable; 99999 makes the carrier unavailable on every attempt.
 */
export function createTestCarrier(): Carrier {
  return {
    name: 'test_carrier',
    async book({ idempotencyKey, address }) {
      if (address.postalCode === testPostalCodes.carrierUnavailable)
        throw new ShippingCarrierUnavailable('The carrier answered 503.');
      if (address.postalCode === testPostalCodes.undeliverable)
        return { outcome: 'undeliverable', reason: 'postal_code_not_served' };
      const digest = createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 16).toUpperCase();
      return { outcome: 'booked', trackingNumber: `TC${digest}` };
    },
    async cancel() {
      // Nothing to release at a carrier that holds no state.
    },
  };
}
