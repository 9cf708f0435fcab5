/**
 * The pure part of the checkout and flash-sale scenarios: which variants the buyers
 * take, how much stock that needs, and the request bodies. Tested in checkout-plan.test.ts.
 */

/** What the bench reads of API.md's `Product`. */
export type ProductDetail = {
  readonly id: string;
  readonly variants: readonly { readonly id: string; readonly sku: string; readonly available: number }[];
};

export type SampledVariant = {
  readonly productId: string;
  readonly variantId: string;
  readonly sku: string;
  /** Units available when sampled (the catalog's read model). */
  readonly available: number;
};

/** The in-stock variant with most units of each product (first on a tie); products with none are left out. */
export function pickVariants(products: readonly ProductDetail[]): SampledVariant[] {
  const picked: SampledVariant[] = [];
  for (const product of products) {
    let best: ProductDetail['variants'][number] | undefined;
    for (const variant of product.variants) {
      if (variant.available > 0 && (best === undefined || variant.available > best.available)) best = variant;
    }
    if (best !== undefined)
      picked.push({ productId: product.id, variantId: best.id, sku: best.sku, available: best.available });
  }
  return picked;
}

/**
 * The two variants of checkout number `index`, as indices into `count` variants (one
 * per product): the first rotates through all of them, the second is half the list
 * away, so consecutive checkouts touch different products and the two never coincide.
 */
export function pairOf(index: number, count: number): readonly [number, number] {
  if (!Number.isInteger(count) || count < 2)
    throw new RangeError(`two distinct variants need at least 2, got ${count}`);
  const first = index % count;
  return [first, (first + Math.floor(count / 2)) % count];
}

/**
 * Units to add to each of `count` variants so `checkouts` consecutive checkouts (numbers
 * 0 to checkouts − 1, one unit of each variant of `pairOf`) can never run out: a
 * variant is the first of a pair at most ⌈checkouts / count⌉ times, and the second as often.
 */
export function unitsPerVariant(checkouts: number, count: number): number {
  return 2 * Math.ceil(checkouts / count);
}

export const shippingAddress = Object.freeze({
  name: 'Bench Buyer',
  line1: '1 Load Street',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
});

/** API.md's `POST /api/checkout` body for a guest paying with `tok_visa`. */
export function checkoutBody(cartId: string, buyer: number) {
  return {
    cartId,
    email: `buyer-${buyer}@example.com`,
    shippingAddress,
    shippingMethod: 'standard',
    payment: { method: 'test_card', token: 'tok_visa' },
  };
}

/** A fresh Idempotency-Key per checkout: the run's id and the checkout's number. */
export function idempotencyKey(runId: string, checkout: number): string {
  return `bench-${runId}-${checkout}`;
}
