/**
 * Reading the product forms into the admin API's bodies (`POST /api/admin/products`,
 * `PATCH /api/admin/products/{id}`). Pure: the pages call these and show the issues next
 * to the form, with the input kept. Only what a form cannot carry as typed is checked
 * here (a price written as "12.50", options written as "size=M, color=Red"); every rule
 * of the catalog stays the API's, and its answer is shown as it comes.
 */
import { type Money, parseMoneyInput } from '../shared/index.ts';
import type { Product } from './types.ts';

export type FormBody = Readonly<Record<string, unknown>>;
export type Issue = { readonly path: string; readonly message: string };

export type NewVariantBody = {
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
  initialStock?: number;
};

export type NewProductBody = {
  title: string;
  slug?: string;
  description: string;
  categoryIds?: string[];
  variants: NewVariantBody[];
};

export type ProductPatchBody = {
  title?: string;
  slug?: string;
  description?: string;
  categoryIds?: string[];
  variants?: { id: string; title?: string; options?: Record<string, string>; price?: Money }[];
  newVariants?: NewVariantBody[];
};

/** Rows a form may carry (the API takes at most 100 variants). */
export const variantRowsMax = 100;
const optionsMax = 10;

export function text(body: FormBody, name: string, lengthMax = 20_000): string {
  const value = body[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first.trim().slice(0, lengthMax) : '';
}

export function list(body: FormBody, name: string, itemsMax = 50): string[] {
  const value = body[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((item): item is string => typeof item === 'string' && item !== '').slice(0, itemsMax);
}

/** `size=M, color=Red` (or `size: M; color: Red`, one per line) → `{ size: 'M', color: 'Red' }`. */
export function parseOptions(input: string): { options: Record<string, string>; error?: string } {
  const options: Record<string, string> = {};
  const pieces = input
    .split(/[,;\n]/)
    .map((piece) => piece.trim())
    .filter((piece) => piece !== '');
  for (const piece of pieces.slice(0, optionsMax + 1)) {
    const match = /^([^=:]+)[=:](.*)$/.exec(piece);
    if (match === null || match[1]?.trim() === '' || match[2]?.trim() === '') {
      return { options, error: `"${piece.slice(0, 40)}" is not name=value` };
    }
    options[(match[1] ?? '').trim()] = (match[2] ?? '').trim();
  }
  if (pieces.length > optionsMax) return { options, error: `at most ${optionsMax} options` };
  return { options };
}

export function formatOptions(options: Readonly<Record<string, string>>): string {
  return Object.entries(options)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}

/** Minor units as the form shows them: 1250 → "12.50". */
export function formatAmount(amount: number): string {
  return (amount / 100).toFixed(2);
}

function price(body: FormBody, name: string, currency: string, issues: Issue[]): Money | undefined {
  const typed = text(body, name, 40);
  const amount = parseMoneyInput(typed);
  if (amount === undefined) {
    issues.push({
      path: name,
      message: typed === '' ? 'enter a price, like 12.50' : `"${typed}" is not a price like 12.50`,
    });
    return undefined;
  }
  return { amount, currency };
}

/** The new-variant rows `<prefix><i>_*` that are not blank. */
export function newVariantRows(body: FormBody, prefix: string, currency: string, issues: Issue[]): NewVariantBody[] {
  const rows: NewVariantBody[] = [];
  for (let index = 0; index < variantRowsMax; index++) {
    const name = (field: string) => `${prefix}${index}_${field}`;
    const fields = ['sku', 'title', 'options', 'price', 'stock'].map((field) => text(body, name(field)));
    if (body[name('sku')] === undefined && body[name('title')] === undefined) break;
    if (fields.every((value) => value === '')) continue;
    const options = parseOptions(text(body, name('options')));
    if (options.error !== undefined) issues.push({ path: name('options'), message: options.error });
    const money = price(body, name('price'), currency, issues);
    const stockText = text(body, name('stock'));
    const stock = stockText === '' ? undefined : Number(stockText);
    if (stock !== undefined && !(Number.isSafeInteger(stock) && stock >= 0)) {
      issues.push({ path: name('stock'), message: 'opening stock is a whole number, 0 or more' });
    }
    if (money === undefined) continue;
    rows.push({
      sku: text(body, name('sku'), 64),
      title: text(body, name('title'), 200),
      options: options.options,
      price: money,
      ...(stock === undefined || !Number.isSafeInteger(stock) ? {} : { initialStock: stock }),
    });
  }
  return rows;
}

export function currencyOf(body: FormBody, fallback: string): string {
  const typed = text(body, 'currency', 3).toUpperCase();
  return /^[A-Z]{3}$/.test(typed) ? typed : fallback;
}

export function parseNewProduct(body: FormBody, fallbackCurrency: string): { value: NewProductBody; issues: Issue[] } {
  const issues: Issue[] = [];
  const currency = currencyOf(body, fallbackCurrency);
  const variants = newVariantRows(body, 'variant_', currency, issues);
  if (variants.length === 0 && issues.length === 0)
    issues.push({ path: 'variant_0_sku', message: 'a product needs at least one variant' });
  const slug = text(body, 'slug', 200);
  const categoryIds = list(body, 'categoryIds');
  return {
    value: {
      title: text(body, 'title', 200),
      ...(slug === '' ? {} : { slug }),
      description: text(body, 'description'),
      ...(categoryIds.length > 0 ? { categoryIds } : {}),
      variants,
    },
    issues,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item) => b.includes(item));
const sameOptions = (a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>) =>
  formatOptions(a) === formatOptions(b);

/** The changes the edit form asks for against the product as it is: unchanged fields are left out. */
export function parseProductPatch(body: FormBody, current: Product): { value: ProductPatchBody; issues: Issue[] } {
  const issues: Issue[] = [];
  const patch: ProductPatchBody = {};
  const title = text(body, 'title', 200);
  const slug = text(body, 'slug', 200);
  const description = text(body, 'description');
  if (title !== current.title) patch.title = title;
  if (slug !== '' && slug !== current.slug) patch.slug = slug;
  if (description !== current.description) patch.description = description;
  const categoryIds = list(body, 'categoryIds');
  if (
    !sameSet(
      categoryIds,
      current.categories.map((category) => category.id),
    )
  )
    patch.categoryIds = categoryIds;

  const changed: NonNullable<ProductPatchBody['variants']> = [];
  current.variants.forEach((variant, index) => {
    const name = (field: string) => `v_${index}_${field}`;
    if (text(body, name('id')) !== variant.id) return; // the row was not sent (or belongs to a stale form)
    const options = parseOptions(text(body, name('options')));
    if (options.error !== undefined) issues.push({ path: name('options'), message: options.error });
    const money = price(body, name('price'), variant.price.currency, issues);
    const change: (typeof changed)[number] = { id: variant.id };
    const variantTitle = text(body, name('title'), 200);
    if (variantTitle !== variant.title) change.title = variantTitle;
    if (options.error === undefined && !sameOptions(options.options, variant.options)) change.options = options.options;
    if (money !== undefined && money.amount !== variant.price.amount) change.price = money;
    if (Object.keys(change).length > 1) changed.push(change);
  });
  if (changed.length > 0) patch.variants = changed;
  const currency = current.variants[0]?.price.currency ?? current.price.currency;
  const added = newVariantRows(body, 'n_', currency, issues);
  if (added.length > 0) patch.newVariants = added;
  return { value: patch, issues };
}
