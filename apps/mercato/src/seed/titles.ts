import { assert } from '@mercato/platform/kernel';
import { affinePermutation, mixSeed } from './prng.ts';
import type { DepartmentSpec, LeafSpec } from './taxonomy/index.ts';

/**
 * A title slot is one kind of product (a noun in a leaf category, or a whole book genre)
 * with its own combination space of title words. The k-th product of a slot takes the
 * k-th combination in a scrambled order, so titles never repeat until the space is
 * exhausted, after which a numeral ("II", "III") starts a new series. No set of used
 * titles is kept, which keeps generation constant-memory at any catalog size.
 */
export type TitleSlot = {
  readonly department: DepartmentSpec;
  readonly leaf: LeafSpec;
  /** The short name drawn on the product image ("Headphones", "Fiction"). */
  readonly label: string;
  /** How many products of this slot one round of generation holds. */
  readonly weight: number;
  readonly wordLists: readonly (readonly string[])[];
  readonly space: number;
  readonly scramble: (index: number) => number;
};

export type TitleWords = {
  readonly title: string;
  /** The title without a book's subtitle, for use inside sentences. */
  readonly shortTitle: string;
  readonly brand: string;
  readonly adjective: string;
  readonly feature: string;
  readonly noun: string;
};

// Book genres are one slot each but should not be outnumbered by every noun of a department.
const bookSlotWeightFactor = 3;

export function buildTitleSlots(departments: readonly DepartmentSpec[], seed: number): TitleSlot[] {
  const slots: TitleSlot[] = [];
  for (const department of departments) {
    for (const leaf of department.leaves) {
      const adjectives = leaf.adjectives ?? department.adjectives;
      const labels = department.titleStyle === 'book' ? [leaf.name] : leaf.nouns;
      for (const label of labels) {
        const nouns = department.titleStyle === 'book' ? leaf.nouns : [label];
        const wordLists = [department.brands, adjectives, leaf.features, nouns];
        const space = wordLists.reduce((product, list) => product * list.length, 1);
        slots.push({
          department,
          leaf,
          label,
          weight: leaf.weight * (department.titleStyle === 'book' ? bookSlotWeightFactor : 1),
          wordLists,
          space,
          scramble: affinePermutation(space, mixSeed(seed, slots.length, 0x7117e)),
        });
      }
    }
  }
  return slots;
}

/** The title of the `occurrence`-th product of a slot (0-based). */
export function titleFor(slot: TitleSlot, occurrence: number): TitleWords {
  assert(Number.isSafeInteger(occurrence) && occurrence >= 0, `bad occurrence ${occurrence}`);
  const series = Math.floor(occurrence / slot.space);
  let combination = slot.scramble(occurrence % slot.space);
  const words: string[] = [];
  for (const list of slot.wordLists) {
    words.push(list[combination % list.length]!);
    combination = Math.floor(combination / list.length);
  }
  const [brand, adjective, feature, noun] = words as [string, string, string, string];
  const numeral = series === 0 ? '' : ` ${romanNumeral(series + 1)}`;
  if (slot.department.titleStyle === 'book') {
    const shortTitle = `${brand} ${adjective} ${noun}${numeral}`;
    return { title: `${shortTitle}: ${feature}`, shortTitle, brand, adjective, feature, noun };
  }
  const title = `${brand} ${adjective} ${feature} ${noun}${numeral}`;
  return { title, shortTitle: title, brand, adjective, feature, noun };
}

export function romanNumeral(value: number): string {
  assert(Number.isSafeInteger(value) && value > 0, `no roman numeral for ${value}`);
  if (value >= 4000) return String(value);
  const table: readonly [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let rest = value;
  let numeral = '';
  for (const [amount, letters] of table) {
    while (rest >= amount) {
      numeral += letters;
      rest -= amount;
    }
  }
  return numeral;
}

/** URL slug: lowercase ASCII words joined by hyphens ("Wren & Co." → "wren-and-co"). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}
