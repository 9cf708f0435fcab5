import { assert, type Money, money } from '@mercato/platform/kernel';
import { describeProduct } from './descriptions.ts';
import { createRandom, mixSeed, type Random, shuffledIndexes } from './prng.ts';
import { departments, type IconName, type LeafSpec, type OptionAxis } from './taxonomy/index.ts';
import { buildTitleSlots, slugify, type TitleSlot, titleFor } from './titles.ts';

/**
 * The generated demo catalog: pure, no I/O. Product N depends only on (seed, N), so the
 * same seed and count always give the same catalog, and a batch can be generated without
 * generating (or holding) the products before it.
 */

export type DemoCategory = {
  readonly slug: string;
  readonly name: string;
  /** null for a department (top-level category). */
  readonly parentSlug: string | null;
  readonly position: number;
};

export type DemoVariant = {
  readonly sku: string;
  readonly title: string;
  readonly options: Readonly<Record<string, string>>;
  readonly price: Money;
  readonly initialStock: number;
};

/** What to draw on a product image. Images are pooled by `key` (see images.ts). */
export type DemoImageSpec = {
  readonly key: string;
  readonly label: string;
  readonly departmentName: string;
  readonly hue: number;
  readonly icon: IconName;
  readonly tone: number;
};

export type DemoProduct = {
  readonly index: number;
  readonly title: string;
  readonly slug: string;
  readonly description: string;
  /** The leaf category the product belongs to. */
  readonly categorySlug: string;
  readonly variants: readonly DemoVariant[];
  readonly createdAt: Date;
  readonly image: DemoImageSpec;
};

export type DemoCatalogOptions = {
  readonly seed?: number;
  /** Products are dated in the two years before this instant. Fixed by default for determinism. */
  readonly createdUntil?: Date;
};

export type DemoCatalog = {
  readonly seed: number;
  readonly categories: readonly DemoCategory[];
  readonly productAt: (index: number) => DemoProduct;
  /** Products firstIndex..firstIndex+count-1 in arrays of at most `batchSize`. */
  readonly batches: (count: number, batchSize: number, firstIndex?: number) => Generator<DemoProduct[]>;
  /** Upper bound of distinct image keys products can ask for. */
  readonly imagePoolSizeMax: number;
};

export const demoSeedDefault = 20_240_601;
export const demoProductCountMax = 1_000_000;
export const demoBatchSizeMax = 1_000;
/** Distinct backgrounds per title slot; the image pool has slots × tones images. */
export const imageTones = 2;

const createdUntilDefault = new Date(Date.UTC(2025, 5, 1));
const createdSpreadMs = 730 * 24 * 60 * 60 * 1000;
const soldOutProductChance = 0.03;
const productSalt = 0x9e3779b9;
const roundSalt = 0x85ebca6b;

export function demoCategories(): DemoCategory[] {
  const categories: DemoCategory[] = [];
  departments.forEach((department, position) => {
    categories.push({ slug: department.slug, name: department.name, parentSlug: null, position });
  });
  for (const department of departments) {
    department.leaves.forEach((leaf, position) => {
      categories.push({ slug: leaf.slug, name: leaf.name, parentSlug: department.slug, position });
    });
  }
  return categories;
}

export function createDemoCatalog(options: DemoCatalogOptions = {}): DemoCatalog {
  const seed = options.seed ?? demoSeedDefault;
  assert(Number.isSafeInteger(seed), `seed must be an integer: ${seed}`);
  const createdUntilMs = (options.createdUntil ?? createdUntilDefault).getTime();
  const slots = buildTitleSlots(departments, seed);
  // One round holds every slot `weight` times; rounds are shuffled independently.
  const roundEntries = slots.flatMap((slot, slotIndex) =>
    Array.from({ length: slot.weight }, (_, occurrence) => ({ slotIndex, occurrence })),
  );
  let cachedRound = -1;
  let cachedOrder: number[] = [];

  const productAt = (index: number): DemoProduct => {
    assert(Number.isSafeInteger(index) && index >= 0 && index < demoProductCountMax, `bad product index ${index}`);
    const round = Math.floor(index / roundEntries.length);
    if (round !== cachedRound) {
      cachedOrder = shuffledIndexes(roundEntries.length, createRandom(mixSeed(seed, round, roundSalt)));
      cachedRound = round;
    }
    const entry = roundEntries[cachedOrder[index % roundEntries.length]!]!;
    const slot = slots[entry.slotIndex]!;
    const occurrence = round * slot.weight + entry.occurrence;
    const random = createRandom(mixSeed(seed, index, productSalt));
    return buildProduct(slot, occurrence, index, random, createdUntilMs);
  };

  function* batches(count: number, batchSize: number, firstIndex = 0): Generator<DemoProduct[]> {
    assert(Number.isSafeInteger(firstIndex) && firstIndex >= 0, `bad first index ${firstIndex}`);
    assert(
      Number.isSafeInteger(count) && count >= 0 && firstIndex + count <= demoProductCountMax,
      `bad product count ${count}`,
    );
    assert(
      Number.isSafeInteger(batchSize) && batchSize > 0 && batchSize <= demoBatchSizeMax,
      `bad batch size ${batchSize}`,
    );
    const endIndex = firstIndex + count;
    for (let start = firstIndex; start < endIndex; start += batchSize) {
      const end = Math.min(endIndex, start + batchSize);
      const batch: DemoProduct[] = [];
      for (let index = start; index < end; index += 1) batch.push(productAt(index));
      yield batch;
    }
  }

  return { seed, categories: demoCategories(), productAt, batches, imagePoolSizeMax: slots.length * imageTones };
}

function buildProduct(
  slot: TitleSlot,
  occurrence: number,
  index: number,
  random: Random,
  createdUntilMs: number,
): DemoProduct {
  const words = titleFor(slot, occurrence);
  const tone = random.int(0, imageTones - 1);
  return {
    index,
    title: words.title,
    slug: slugify(words.title),
    description: describeProduct(slot, words, random),
    categorySlug: slot.leaf.slug,
    variants: buildVariants(slot.leaf, index, random),
    createdAt: new Date(createdUntilMs - Math.floor((random.next() * createdSpreadMs) / 1000) * 1000),
    image: {
      key: `${slot.leaf.slug}/${slugify(slot.label)}/${tone}`,
      label: slot.label,
      departmentName: slot.department.name,
      hue: slot.department.hue,
      icon: slot.department.icon,
      tone,
    },
  };
}

function buildVariants(leaf: LeafSpec, index: number, random: Random): DemoVariant[] {
  const variantCount = random.pick([2, 3, 3, 4]);
  const combinations = chooseCombinations(leaf.options, variantCount, random);
  const [priceMin, priceMax] = leaf.priceUsd;
  const basePriceUsd = Math.exp(Math.log(priceMin) + random.next() * (Math.log(priceMax) - Math.log(priceMin)));
  const endsInNinetyNine = random.chance(basePriceUsd < 100 ? 0.85 : 0.6);
  const soldOut = random.chance(soldOutProductChance);
  return combinations.map((combination, variantIndex) => {
    const values = combination.map((valueIndex, axisIndex) => leaf.options[axisIndex]!.values[valueIndex]!);
    const factor = values.reduce((product, value) => product * (value.priceFactor ?? 1), 1);
    const options: Record<string, string> = {};
    values.forEach((value, axisIndex) => {
      options[leaf.options[axisIndex]!.name] = value.value;
    });
    return {
      sku: `${leaf.code}-${String(index + 1).padStart(7, '0')}-${String(variantIndex + 1).padStart(2, '0')}`,
      title: values.map((value) => value.value).join(' / '),
      options,
      price: money(priceCents(basePriceUsd * factor, endsInNinetyNine), 'USD'),
      initialStock: soldOut ? 0 : stockLevel(random),
    };
  });
}

/**
 * Distinct value combinations, ordered as a shop lists them. With two axes, the Color
 * axis (or the last one) is held to one or two values, as real listings rarely offer
 * every size in every colour.
 */
function chooseCombinations(axes: readonly OptionAxis[], count: number, random: Random): number[][] {
  assert(axes.length === 1 || axes.length === 2, 'a leaf has one or two option axes');
  const allowed = axes.map((axis) => shuffledIndexes(axis.values.length, random));
  if (axes.length === 2) {
    const heldAxis = axes.findIndex((axis) => axis.name === 'Color');
    const held = heldAxis === -1 ? 1 : heldAxis;
    allowed[held] = allowed[held]!.slice(0, random.chance(0.5) ? 1 : 2);
  }
  const total = allowed.reduce((product, values) => product * values.length, 1);
  assert(total >= count, `not enough option combinations (${total}) for ${count} variants`);
  const picked = shuffledIndexes(total, random).slice(0, count);
  const combinations = picked.map((flat) => {
    const combination: number[] = [];
    let rest = flat;
    for (const values of allowed) {
      combination.push(values[rest % values.length]!);
      rest = Math.floor(rest / values.length);
    }
    return combination;
  });
  return combinations.sort((a, b) => a[0]! - b[0]! || (a[1] ?? 0) - (b[1] ?? 0));
}

/** Whole-dollar prices ending in .99 or .00; big-ticket items round to tens of dollars. */
export function priceCents(priceUsd: number, endsInNinetyNine: boolean): number {
  const dollars = priceUsd >= 200 ? Math.round(priceUsd / 10) * 10 : Math.max(1, Math.round(priceUsd));
  return endsInNinetyNine ? dollars * 100 - 1 : dollars * 100;
}

/** Mostly 5–200 units, skewed low; a few variants nearly or fully sold out. */
function stockLevel(random: Random): number {
  const draw = random.next();
  if (draw < 0.06) return 0;
  if (draw < 0.12) return random.int(1, 4);
  return 5 + Math.floor(195 * random.next() ** 1.6);
}
