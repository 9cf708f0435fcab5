import { addMoney, assert, type Money, money, multiplyMoney, zeroMoney } from '@mercato/platform/kernel';
import type { Totals } from '../contract.ts';

/** What a line contributes to the totals. */
export type PricedLine = { readonly unitPrice: Money; readonly quantity: number };

export const basisPointsPerUnit = 10_000;

export function lineTotal(line: PricedLine): Money {
  return multiplyMoney(line.unitPrice, line.quantity);
}

export function subtotalOf(lines: readonly PricedLine[], currency: string): Money {
  let subtotal = zeroMoney(currency);
  for (const line of lines) subtotal = addMoney(subtotal, lineTotal(line));
  return subtotal;
}

/**
 * `base × rate / 10,000`, rounded half up to whole minor units. BigInt, because
 * a large base times a rate may pass 2^53 before the division brings it back.
 */
export function taxOf(base: Money, rateBasisPoints: number): Money {
  assert(base.amount >= 0, `tax base must not be negative: ${base.amount}`);
  assert(
    Number.isSafeInteger(rateBasisPoints) && rateBasisPoints >= 0 && rateBasisPoints <= basisPointsPerUnit,
    `bad tax rate: ${rateBasisPoints}`,
  );
  const units = BigInt(basisPointsPerUnit);
  const tax = (BigInt(base.amount) * BigInt(rateBasisPoints) + units / 2n) / units;
  return money(Number(tax), base.currency);
}

export type TotalsInput = {
  readonly lines: readonly PricedLine[];
  readonly currency: string;
  /**
   * What the cart's discount code takes off the subtotal (`discountAmount` in
   * domain/discount.ts), zero without one; never more than the subtotal.
   */
  readonly discount: Money;
  /** Zero until an address and a shipping method are known (checkout). */
  readonly shipping: Money;
  readonly taxRateBasisPoints: number;
};

/**
 * The one computation of a cart's totals: tax is charged on what the buyer pays for
 * goods and delivery, `subtotal − discount + shipping`; `total` adds the tax.
 */
export function computeTotals(input: TotalsInput): Totals {
  const { currency, discount, shipping } = input;
  assert(discount.currency === currency && shipping.currency === currency, 'totals mix currencies');
  assert(shipping.amount >= 0, `shipping must not be negative: ${shipping.amount}`);
  const subtotal = subtotalOf(input.lines, currency);
  assert(
    discount.amount >= 0 && discount.amount <= subtotal.amount,
    `discount must be within 0..subtotal: ${discount.amount}`,
  );
  const taxBase = money(subtotal.amount - discount.amount + shipping.amount, currency);
  const tax = taxOf(taxBase, input.taxRateBasisPoints);
  return { subtotal, discount, shipping, tax, total: addMoney(taxBase, tax) };
}

/** The configured rate of a country, else the default. */
export function taxRateOf(
  rates: { readonly taxRatesBasisPoints: Readonly<Record<string, number>>; readonly taxRateDefaultBasisPoints: number },
  country: string,
): number {
  return Object.hasOwn(rates.taxRatesBasisPoints, country)
    ? (rates.taxRatesBasisPoints[country] ?? 0)
    : rates.taxRateDefaultBasisPoints;
}
