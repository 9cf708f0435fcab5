import { type ShippingMethodId, shippingMethodIds } from './contract.ts';

export type MethodConfig = {
  readonly name: string;
  /** Business days from booking to delivery, shown to buyers. */
  readonly estimatedDays: { readonly min: number; readonly max: number };
};

/** The shipping module's configuration, read once by the app and passed down frozen. */
export type ShippingConfig = {
  /** The currency of every rate, e.g. 'USD' (the catalog's). */
  readonly currency: string;
  readonly methods: { readonly [M in ShippingMethodId]: MethodConfig };
  /**
   * Prices in minor units by country (ISO 3166-1 alpha-2) and method. A listed country
   * offers exactly the methods listed for it; `'*'` prices every country not listed.
   * A country not listed, with no `'*'`, is not served.
   */
  readonly rates: { readonly [country: string]: { readonly [M in ShippingMethodId]?: number } };
  /** Standard shipping is free once the subtotal reaches this many minor units; null: never free. */
  readonly freeStandardFromSubtotal: number | null;
};

export const shippingDefaults: ShippingConfig = Object.freeze({
  currency: 'USD',
  methods: Object.freeze({
    standard: Object.freeze({ name: 'Standard', estimatedDays: Object.freeze({ min: 3, max: 7 }) }),
    express: Object.freeze({ name: 'Express', estimatedDays: Object.freeze({ min: 1, max: 2 }) }),
  }),
  rates: Object.freeze({
    US: Object.freeze({ standard: 599, express: 1999 }),
    CA: Object.freeze({ standard: 999, express: 2999 }),
    '*': Object.freeze({ standard: 1499, express: 3999 }),
  }),
  freeStandardFromSubtotal: null,
});

const countryKeyPattern = /^([A-Z]{2}|\*)$/;
/** Rate entries kept at most: a lookup table, not a tariff database. */
const ratesCountriesMax = 300;
const priceMax = 10_000_000;

function checkMethods(methods: ShippingConfig['methods']): void {
  for (const id of shippingMethodIds) {
    const method = methods[id];
    if (method === undefined || typeof method.name !== 'string' || method.name.length < 1 || method.name.length > 60) {
      throw new Error(`shipping.methods.${id} needs a name of 1 to 60 characters`);
    }
    const { min, max } = method.estimatedDays ?? {};
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min < 0 || max < min || max > 365) {
      throw new Error(`shipping.methods.${id}.estimatedDays must be integers with 0 <= min <= max <= 365`);
    }
  }
}

function checkRates(rates: ShippingConfig['rates']): void {
  const countries = Object.keys(rates);
  if (countries.length > ratesCountriesMax)
    throw new Error(`shipping.rates lists more than ${ratesCountriesMax} countries`);
  for (const country of countries) {
    if (!countryKeyPattern.test(country))
      throw new Error(`shipping.rates key must be an ISO country code or '*': ${country}`);
    for (const [method, price] of Object.entries(rates[country] ?? {})) {
      if (!(shippingMethodIds as readonly string[]).includes(method))
        throw new Error(`shipping.rates.${country}: unknown method ${method}`);
      if (!Number.isSafeInteger(price) || price < 0 || price > priceMax) {
        throw new Error(`shipping.rates.${country}.${method} must be an integer of minor units from 0 to ${priceMax}`);
      }
    }
  }
}

/** Fills the gaps with defaults and refuses what cannot work, at boot. */
export function checkShippingConfig(config: Partial<ShippingConfig> | undefined): ShippingConfig {
  const merged: ShippingConfig = {
    ...shippingDefaults,
    ...config,
    methods: { ...shippingDefaults.methods, ...config?.methods },
  };
  if (!/^[A-Z]{3}$/.test(merged.currency))
    throw new Error(`shipping.currency must be an ISO 4217 code: ${merged.currency}`);
  checkMethods(merged.methods);
  checkRates(merged.rates);
  const free = merged.freeStandardFromSubtotal;
  if (free !== null && (!Number.isSafeInteger(free) || free < 0)) {
    throw new Error('shipping.freeStandardFromSubtotal must be null or an integer of minor units');
  }
  return Object.freeze(merged);
}
