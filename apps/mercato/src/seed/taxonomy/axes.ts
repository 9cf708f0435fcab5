import type { OptionAxis } from './types.ts';

/**
 * Builds an option axis from plain values (`'Black'`) or priced values (`['1 TB', 1.6]`),
 * so the department files stay short.
 */
export function axis(name: string, values: readonly (string | readonly [string, number])[]): OptionAxis {
  return {
    name,
    values: values.map((value) => (typeof value === 'string' ? { value } : { value: value[0], priceFactor: value[1] })),
  };
}

export const apparelSizes = axis('Size', ['XS', 'S', 'M', 'L', 'XL', 'XXL']);
export const shoeSizes = axis('Size', ['US 6', 'US 7', 'US 8', 'US 9', 'US 10', 'US 11', 'US 12', 'US 13']);
export const woodFinishes = axis('Finish', [
  ['Natural Oak', 1],
  ['Walnut', 1.15],
  ['Black Ash', 1.05],
  ['White Oak', 1.1],
  ['Smoked Oak', 1.1],
]);
export const generalSizes = axis('Size', [
  ['Small', 1],
  ['Medium', 1.35],
  ['Large', 1.75],
  ['Extra Large', 2.3],
]);
