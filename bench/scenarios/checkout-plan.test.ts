import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { checkoutBody, idempotencyKey, pairOf, pickVariants, unitsPerVariant } from './checkout-plan.ts';

describe('pickVariants', () => {
  it('takes the in-stock variant with most units of each product and leaves out sold-out products', () => {
    const picked = pickVariants([
      {
        id: 'prod_a',
        variants: [
          { id: 'var_a1', sku: 'A-1', available: 3 },
          { id: 'var_a2', sku: 'A-2', available: 9 },
          { id: 'var_a3', sku: 'A-3', available: 9 },
        ],
      },
      { id: 'prod_b', variants: [{ id: 'var_b1', sku: 'B-1', available: 0 }] },
      { id: 'prod_c', variants: [{ id: 'var_c1', sku: 'C-1', available: 1 }] },
    ]);
    assert.deepEqual(picked, [
      { productId: 'prod_a', variantId: 'var_a2', sku: 'A-2', available: 9 },
      { productId: 'prod_c', variantId: 'var_c1', sku: 'C-1', available: 1 },
    ]);
  });
});

describe('pairOf', () => {
  it('answers two distinct variants, the first rotating through all of them', () => {
    assert.deepEqual(pairOf(0, 10), [0, 5]);
    assert.deepEqual(pairOf(7, 10), [7, 2]);
    assert.deepEqual(pairOf(10, 10), [0, 5]);
    assert.deepEqual(pairOf(3, 2), [1, 0]);
  });

  it('refuses fewer than two variants', () => {
    assert.throws(() => pairOf(0, 1), RangeError);
  });

  it('never pairs a variant with itself', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.integer({ min: 2, max: 5_000 }), (index, count) => {
        const [first, second] = pairOf(index, count);
        return first !== second && first >= 0 && second >= 0 && first < count && second < count;
      }),
    );
  });
});

describe('unitsPerVariant', () => {
  it('is enough for every variant, however many checkouts run over however many variants', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000 }), fc.integer({ min: 2, max: 300 }), (checkouts, count) => {
        const used = new Array<number>(count).fill(0);
        for (let index = 0; index < checkouts; index += 1) {
          for (const variant of pairOf(index, count)) used[variant]! += 1;
        }
        return Math.max(...used) <= unitsPerVariant(checkouts, count);
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkoutBody and idempotencyKey', () => {
  it('pay with tok_visa as a guest, with a key per run and checkout', () => {
    const body = checkoutBody('cart_1', 7);
    assert.equal(body.cartId, 'cart_1');
    assert.equal(body.email, 'buyer-7@example.com');
    assert.deepEqual(body.payment, { method: 'test_card', token: 'tok_visa' });
    assert.equal(body.shippingAddress.country, 'US');
    assert.notEqual(idempotencyKey('run', 1), idempotencyKey('run', 2));
    assert.ok(idempotencyKey('a1b2c3d4e5f6', 1_000_000).length <= 255);
  });
});
