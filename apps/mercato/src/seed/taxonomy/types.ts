/**
 * The shape of the demo catalog's vocabulary. The data lives in the sibling files, one
 * per department, so each stays readable; the generator in ../demo-catalog.ts only reads it.
 */

/** One value of an option, with how it moves the product's base price (1 = unchanged). */
export type OptionValue = { readonly value: string; readonly priceFactor?: number };

/** One option axis of a product's variants, such as Color or Size. */
export type OptionAxis = { readonly name: string; readonly values: readonly OptionValue[] };

/** Names of the simple SVG icons drawn on product images (see ../image-svg.ts). */
export type IconName =
  | 'headphones'
  | 'laptop'
  | 'phone'
  | 'pot'
  | 'chair'
  | 'shirt'
  | 'shoe'
  | 'ball'
  | 'blocks'
  | 'book'
  | 'bottle'
  | 'leaf';

/**
 * A leaf category: where products live. Product titles are
 * `<brand> <adjective> <feature> <noun>`; each noun is its own title slot.
 * Description templates may use {title} {brand} {adjective} {feature} {noun} {category}.
 */
export type LeafSpec = {
  readonly slug: string;
  readonly name: string;
  /** Three capital letters, the middle part of every SKU in this category. */
  readonly code: string;
  /** How many products this leaf gets relative to others (1–3). */
  readonly weight: number;
  readonly nouns: readonly string[];
  /** Overrides the department's adjectives when they would read oddly here. */
  readonly adjectives?: readonly string[];
  readonly features: readonly string[];
  /** One or two axes; the cartesian product must offer at least four combinations. */
  readonly options: readonly OptionAxis[];
  /** Base price range in whole dollars, before option price factors. */
  readonly priceUsd: readonly [number, number];
  readonly details: readonly string[];
};

/**
 * A top-level category. `titleStyle: 'book'` reads the same lists differently:
 * `<brand as opener> <adjective> <noun as subject>: <feature as subtitle>`, and each leaf
 * is a single title slot (a book is not named after its genre).
 */
export type DepartmentSpec = {
  readonly slug: string;
  readonly name: string;
  readonly code: string;
  /** Hue of the department's image backgrounds, 0–359. */
  readonly hue: number;
  readonly icon: IconName;
  readonly titleStyle: 'product' | 'book';
  readonly brands: readonly string[];
  readonly adjectives: readonly string[];
  /** First sentence of a description. */
  readonly intros: readonly string[];
  /** Optional third sentence of a description. */
  readonly details: readonly string[];
  readonly leaves: readonly LeafSpec[];
};
