import { cartLimits } from './contract.ts';

export type CartConfig = {
  /** The currency of every cart; must be the catalog's (its quotes are checked against it). */
  readonly currency: string;
  /** A cart that has not been written for this long expires: it answers 404 and the sweeper deletes it. */
  readonly idleTtlMs: number;
  /** How often the sweeper deletes expired carts; 0 turns the timer off (expiry is still enforced on read). */
  readonly sweepIntervalMs: number;
  /** Carts one sweep deletes at most (the rest wait for the next tick). */
  readonly sweepBatchSize: number;
  /**
   * Tax rate per country (ISO 3166-1 alpha-2) in basis points: 1900 = 19%. Applied by
   * `priceCart` to `subtotal − discount + shipping`. Countries not listed pay the default.
   */
  readonly taxRatesBasisPoints: Readonly<Record<string, number>>;
  readonly taxRateDefaultBasisPoints: number;
};

/**
 * Value-added tax at the standard rates of a few countries. US sales tax depends on the
 * state and is not modelled, so the US (like any unlisted country) pays the default, 0.
 */
export const cartDefaults: CartConfig = Object.freeze({
  currency: 'USD',
  idleTtlMs: 30 * 24 * 60 * 60_000,
  sweepIntervalMs: 60 * 60_000,
  sweepBatchSize: 200,
  taxRatesBasisPoints: Object.freeze({
    US: 0,
    AT: 2000,
    BE: 2100,
    DE: 1900,
    ES: 2100,
    FR: 2000,
    GB: 2000,
    IE: 2300,
    IT: 2200,
    NL: 2100,
  }),
  taxRateDefaultBasisPoints: 0,
});

const dayMs = 24 * 60 * 60_000;
const countryPattern = /^[A-Z]{2}$/;

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`cart.${name} must be an integer from ${min} to ${max}: ${JSON.stringify(value)}`);
  }
  return value;
}

function checkTaxRates(rates: unknown): Readonly<Record<string, number>> {
  if (rates === null || typeof rates !== 'object' || Array.isArray(rates))
    throw new Error('cart.taxRatesBasisPoints must be an object');
  const checked: Record<string, number> = {};
  for (const [country, rate] of Object.entries(rates)) {
    if (!countryPattern.test(country))
      throw new Error(`cart.taxRatesBasisPoints: ${JSON.stringify(country)} is not an ISO country code`);
    checked[country] = integerIn(`taxRatesBasisPoints.${country}`, rate, 0, 10_000);
  }
  return Object.freeze(checked);
}

/** Fills gaps with defaults and refuses nonsense at boot (fail fast). A given tax table replaces the default one. */
export function checkConfig(config: Partial<CartConfig>): CartConfig {
  const merged = { ...cartDefaults, ...config };
  if (typeof merged.currency !== 'string' || !/^[A-Z]{3}$/.test(merged.currency)) {
    throw new Error(`cart.currency must be an ISO 4217 code: ${JSON.stringify(merged.currency)}`);
  }
  return Object.freeze({
    currency: merged.currency,
    idleTtlMs: integerIn('idleTtlMs', merged.idleTtlMs, 60_000, 365 * dayMs),
    sweepIntervalMs: integerIn('sweepIntervalMs', merged.sweepIntervalMs, 0, dayMs),
    sweepBatchSize: integerIn('sweepBatchSize', merged.sweepBatchSize, 1, cartLimits.sweepBatchMax),
    taxRatesBasisPoints: checkTaxRates(merged.taxRatesBasisPoints),
    taxRateDefaultBasisPoints: integerIn('taxRateDefaultBasisPoints', merged.taxRateDefaultBasisPoints, 0, 10_000),
  });
}
