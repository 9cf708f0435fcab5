import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';
import { cartLimits } from './contract.ts';

const dayMs = 24 * 60 * 60_000;
const BasisPoints = Type.Integer({ minimum: 0, maximum: 10_000 });

/**
 * The cart section of the app's configuration; every field has a default.
 *
 * The default tax table is value-added tax at the standard rates of a few countries. US
 * sales tax depends on the state and is not modelled, so the US (like any unlisted
 * country) pays the default, 0. A given tax table replaces the default one.
 */
export const CartConfigSchema = Type.Object(
  {
    /** The currency of every cart; must be the catalog's (its quotes are checked against it). */
    currency: Type.String({ pattern: '^[A-Z]{3}$', errorMessage: 'must be an ISO 4217 code', default: 'USD' }),
    /** A cart that has not been written for this long expires: it answers 404 and the sweeper deletes it. */
    idleTtlMs: Type.Integer({ minimum: 60_000, maximum: 365 * dayMs, default: 30 * dayMs }),
    /** How often the sweeper deletes expired carts; 0 turns the timer off (expiry is still enforced on read). */
    sweepIntervalMs: Type.Integer({ minimum: 0, maximum: dayMs, default: 60 * 60_000 }),
    /** Carts one sweep deletes at most (the rest wait for the next tick). */
    sweepBatchSize: Type.Integer({ minimum: 1, maximum: cartLimits.sweepBatchMax, default: 200 }),
    /**
     * Tax rate per country (ISO 3166-1 alpha-2) in basis points: 1900 = 19%. Applied by
     * `priceCart` to `subtotal − discount + shipping`. Countries not listed pay the default.
     */
    taxRatesBasisPoints: Type.Record(Type.String(), BasisPoints, {
      propertyNames: { pattern: '^[A-Z]{2}$', errorMessage: 'is not an ISO country code' },
      default: { US: 0, AT: 2000, BE: 2100, DE: 1900, ES: 2100, FR: 2000, GB: 2000, IE: 2300, IT: 2200, NL: 2100 },
    }),
    taxRateDefaultBasisPoints: Type.Integer({ minimum: 0, maximum: 10_000, default: 0 }),
  },
  { additionalProperties: false },
);

export type CartConfig = ConfigOf<typeof CartConfigSchema>;

/** Fills gaps with defaults and refuses nonsense at boot (fail fast), naming the field. */
export function parseCartConfig(input: unknown): CartConfig {
  return parseConfig('cart', CartConfigSchema, input);
}

export const cartDefaults: CartConfig = parseCartConfig({});
