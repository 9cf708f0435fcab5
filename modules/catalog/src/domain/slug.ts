/**
 * Slugs name products and categories in URLs: lowercase ASCII letters and digits in
 * hyphen-separated words. They never contain `_`, so a slug can never be mistaken for
 * an id (`prod_…`) when a route takes either.
 */
export const slugLengthMax = 120;
const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function isValidSlug(slug: string): boolean {
  return slug.length <= slugLengthMax && slugPattern.test(slug);
}

/** A slug from free text: accents dropped, anything else non-alphanumeric becomes a hyphen. */
export function slugify(text: string, lengthMax = 80): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > lengthMax) break;
    slug = next;
  }
  return slug === '' ? 'item' : slug;
}

/**
 * The slug for a product whose slug was not given: the title's slug, or when that is
 * taken, the title's slug with a short suffix from the product's id (unique because
 * the id is).
 */
export function productSlug(title: string, id: string, isTaken: (slug: string) => boolean): string {
  const base = slugify(title);
  if (!isTaken(base)) return base;
  const suffix = id
    .slice(-8)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
  return `${base}-${suffix}`;
}

/** Whether a route parameter names a product by id rather than by slug. */
export function isProductId(idOrSlug: string): boolean {
  return idOrSlug.startsWith('prod_');
}
