import { assert, fail, type Money, ok, type Result } from '@mercato/platform/kernel';
import type { QuoteCode, QuoteInput, Shipment, ShippingApi } from './contract.ts';
import { isCountryCode, methodsFor, quoteFor } from './domain/rates.ts';
import { createBook } from './service/book.ts';
import type { ShippingDeps } from './service/deps.ts';
import { createCancel, createMarkDelivered, createMarkShipped } from './service/transitions.ts';
import { toShipment } from './service/views.ts';
import { findShipment, findShipmentByOrder } from './store.ts';

export type { ShippingDeps } from './service/deps.ts';

/** The shipping use cases; implements the contract's ShippingApi. */
export function createShippingService(deps: ShippingDeps): ShippingApi {
  const { config } = deps;
  return {
    async listMethods(country) {
      if (!isCountryCode(country))
        return fail('invalid_country', 'The country must be an ISO 3166-1 alpha-2 code such as US.');
      return ok({ items: methodsFor(config, country) });
    },

    async quote(input: QuoteInput): Promise<Result<Money, QuoteCode>> {
      // The cart and checkout quote in the shop's currency; anything else is a wiring bug.
      assert(
        input.subtotal.currency === config.currency,
        `shipping quotes in ${config.currency}, not ${input.subtotal.currency}`,
      );
      assert(Number.isSafeInteger(input.itemCount) && input.itemCount >= 0, 'itemCount must be a non-negative integer');
      const price = isCountryCode(input.country)
        ? quoteFor(config, input.country, input.method, input.subtotal)
        : undefined;
      if (price === undefined)
        return fail(
          'shipping_method_unavailable',
          `Shipping method ${input.method} is not offered to ${input.country}.`,
        );
      return ok(price);
    },

    book: createBook(deps),
    cancel: createCancel(deps),
    markShipped: createMarkShipped(deps),
    markDelivered: createMarkDelivered(deps),

    async getShipment(id: string): Promise<Result<Shipment, 'shipment_not_found'>> {
      const row = await findShipment(deps.db, id);
      return row === undefined ? fail('shipment_not_found', 'No such shipment.') : ok(toShipment(row));
    },

    async findByOrder(orderId: string): Promise<Shipment | null> {
      const row = await findShipmentByOrder(deps.db, orderId);
      return row === undefined ? null : toShipment(row);
    },
  };
}
