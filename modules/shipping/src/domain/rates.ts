import type { Money } from '@mercato/platform/kernel';
import type { ShippingConfig } from '../config.ts';
import { countryPattern, type ShippingMethod, type ShippingMethodId, shippingMethodIds } from '../contract.ts';

const country = new RegExp(countryPattern);

export function isCountryCode(value: string): boolean {
  return typeof value === 'string' && country.test(value);
}

function isMethodId(value: string): value is ShippingMethodId {
  return (shippingMethodIds as readonly string[]).includes(value);
}

/** The rates that apply to a country: its own entry, else `'*'`, else none (not served). */
function ratesOf(config: ShippingConfig, code: string) {
  return Object.hasOwn(config.rates, code) ? config.rates[code] : config.rates['*'];
}

/** Methods offered to `code` with their base prices, in the order of `shippingMethodIds`. */
export function methodsFor(config: ShippingConfig, code: string): ShippingMethod[] {
  const rates = ratesOf(config, code);
  if (rates === undefined) return [];
  const methods: ShippingMethod[] = [];
  for (const id of shippingMethodIds) {
    const price = rates[id];
    if (price === undefined) continue;
    const { name, estimatedDays } = config.methods[id];
    methods.push({
      id,
      name,
      price: { amount: price, currency: config.currency },
      estimatedDays: { ...estimatedDays },
    });
  }
  return methods;
}

/**
 * The price of `method` to `code` for this subtotal, or undefined when the method is
 * not offered there. Standard shipping is free from the configured subtotal on.
 */
export function quoteFor(config: ShippingConfig, code: string, method: string, subtotal: Money): Money | undefined {
  if (!isMethodId(method)) return undefined;
  const price = ratesOf(config, code)?.[method];
  if (price === undefined) return undefined;
  const free =
    method === 'standard' &&
    config.freeStandardFromSubtotal !== null &&
    subtotal.amount >= config.freeStandardFromSubtotal;
  return { amount: free ? 0 : price, currency: config.currency };
}
