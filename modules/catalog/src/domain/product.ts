import type { NewCategory, NewProduct, NewVariant, ProductPatch, VariantPatch } from '../contract.ts';
import { isValidSlug } from './slug.ts';

/** Limits of what one product may hold. */
export const productLimits = Object.freeze({
  titleLengthMax: 200,
  descriptionLengthMax: 20_000,
  variantsMax: 100,
  categoriesMax: 20,
  imagesMax: 20,
  optionsMax: 10,
  optionLengthMax: 100,
  skuLengthMax: 64,
  stockMax: 1_000_000_000,
  importBatchMax: 1000,
});

const skuPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const currencyPattern = /^[A-Z]{3}$/;

/** One reason an input is refused, with the path of the offending field. */
export type Issue = { readonly path: string; readonly message: string };

function text(issues: Issue[], path: string, value: unknown, lengthMax: number, allowEmpty = false): void {
  if (typeof value !== 'string') issues.push({ path, message: 'must be a string' });
  else if (!allowEmpty && value.trim() === '') issues.push({ path, message: 'must not be empty' });
  else if (value.length > lengthMax) issues.push({ path, message: `must be at most ${lengthMax} characters` });
}

function price(issues: Issue[], path: string, value: NewVariant['price'] | undefined, currency: string): void {
  if (value === null || typeof value !== 'object') {
    issues.push({ path, message: 'must be Money' });
    return;
  }
  if (!Number.isSafeInteger(value.amount) || value.amount < 0) {
    issues.push({ path: `${path}.amount`, message: 'must be a non-negative integer of minor units' });
  }
  if (typeof value.currency !== 'string' || !currencyPattern.test(value.currency)) {
    issues.push({ path: `${path}.currency`, message: 'must be an ISO 4217 code' });
  } else if (value.currency !== currency) {
    issues.push({ path: `${path}.currency`, message: `must be the catalog currency ${currency}` });
  }
}

function options(issues: Issue[], path: string, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    issues.push({ path, message: 'must be an object of names to values' });
    return;
  }
  const entries = Object.entries(value);
  if (entries.length > productLimits.optionsMax)
    issues.push({ path, message: `at most ${productLimits.optionsMax} options` });
  for (const [name, option] of entries) {
    text(issues, `${path}.${name}`, name, productLimits.optionLengthMax);
    text(issues, `${path}.${name}`, option, productLimits.optionLengthMax);
  }
}

function variant(issues: Issue[], path: string, input: NewVariant, currency: string): void {
  if (typeof input.sku !== 'string' || input.sku.length > productLimits.skuLengthMax || !skuPattern.test(input.sku)) {
    issues.push({ path: `${path}.sku`, message: 'must be letters, digits, dot, dash or underscore, at most 64' });
  }
  text(issues, `${path}.title`, input.title, productLimits.titleLengthMax);
  options(issues, `${path}.options`, input.options);
  price(issues, `${path}.price`, input.price, currency);
  const stock = input.initialStock;
  if (stock !== undefined && (!Number.isSafeInteger(stock) || stock < 0 || stock > productLimits.stockMax)) {
    issues.push({ path: `${path}.initialStock`, message: `must be an integer from 0 to ${productLimits.stockMax}` });
  }
}

function skusUnique(issues: Issue[], variants: readonly NewVariant[], path: string): void {
  const seen = new Set<string>();
  for (const [index, input] of variants.entries()) {
    if (seen.has(input.sku)) issues.push({ path: `${path}[${index}].sku`, message: 'repeats a SKU of this product' });
    seen.add(input.sku);
  }
}

function categoryIds(issues: Issue[], value: unknown): void {
  if (!Array.isArray(value)) {
    issues.push({ path: 'categoryIds', message: 'must be an array of ids' });
    return;
  }
  if (value.length > productLimits.categoriesMax) {
    issues.push({ path: 'categoryIds', message: `at most ${productLimits.categoriesMax} categories` });
  }
  if (value.some((id) => typeof id !== 'string'))
    issues.push({ path: 'categoryIds', message: 'must be an array of ids' });
}

/** Everything wrong with a new product, or an empty list. Uniqueness is the store's to check. */
export function newProductIssues(input: NewProduct, currency: string): Issue[] {
  const issues: Issue[] = [];
  text(issues, 'title', input.title, productLimits.titleLengthMax);
  text(issues, 'description', input.description, productLimits.descriptionLengthMax, true);
  if (input.slug !== undefined && !isValidSlug(input.slug))
    issues.push({ path: 'slug', message: 'must be a slug (a-z, 0-9, hyphens)' });
  if (input.categoryIds !== undefined) categoryIds(issues, input.categoryIds);
  if (
    !Array.isArray(input.variants) ||
    input.variants.length === 0 ||
    input.variants.length > productLimits.variantsMax
  ) {
    issues.push({ path: 'variants', message: `must hold 1 to ${productLimits.variantsMax} variants` });
    return issues;
  }
  for (const [index, entry] of input.variants.entries()) variant(issues, `variants[${index}]`, entry, currency);
  skusUnique(issues, input.variants, 'variants');
  return issues;
}

function variantPatch(issues: Issue[], path: string, patch: VariantPatch, currency: string): void {
  if (typeof patch.id !== 'string') issues.push({ path: `${path}.id`, message: 'must be a variant id' });
  if (patch.title !== undefined) text(issues, `${path}.title`, patch.title, productLimits.titleLengthMax);
  if (patch.options !== undefined) options(issues, `${path}.options`, patch.options);
  if (patch.price !== undefined) price(issues, `${path}.price`, patch.price, currency);
}

/** Everything wrong with a patch on its own; whether its variant ids belong to the product is checked against the store. */
export function patchIssues(patch: ProductPatch, currency: string): Issue[] {
  const issues: Issue[] = [];
  if (patch.title !== undefined) text(issues, 'title', patch.title, productLimits.titleLengthMax);
  if (patch.description !== undefined)
    text(issues, 'description', patch.description, productLimits.descriptionLengthMax, true);
  if (patch.slug !== undefined && !isValidSlug(patch.slug))
    issues.push({ path: 'slug', message: 'must be a slug (a-z, 0-9, hyphens)' });
  if (patch.categoryIds !== undefined) categoryIds(issues, patch.categoryIds);
  const changes = patch.variants ?? [];
  const added = patch.newVariants ?? [];
  if (changes.length > productLimits.variantsMax || added.length > productLimits.variantsMax) {
    issues.push({ path: 'variants', message: `at most ${productLimits.variantsMax} variants` });
    return issues;
  }
  for (const [index, entry] of changes.entries()) variantPatch(issues, `variants[${index}]`, entry, currency);
  if (new Set(changes.map((entry) => entry.id)).size !== changes.length) {
    issues.push({ path: 'variants', message: 'names a variant twice' });
  }
  for (const [index, entry] of added.entries()) variant(issues, `newVariants[${index}]`, entry, currency);
  skusUnique(issues, added, 'newVariants');
  return issues;
}

export function categoryIssues(input: NewCategory): Issue[] {
  const issues: Issue[] = [];
  if (typeof input.slug !== 'string' || !isValidSlug(input.slug))
    issues.push({ path: 'slug', message: 'must be a slug (a-z, 0-9, hyphens)' });
  text(issues, 'name', input.name, 120);
  const position = input.position;
  if (position !== undefined && (!Number.isSafeInteger(position) || Math.abs(position) > 1_000_000)) {
    issues.push({ path: 'position', message: 'must be an integer' });
  }
  return issues;
}
