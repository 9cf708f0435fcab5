import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssertionError, money } from '@mercato/platform/kernel';
import { computeTotals, subtotalOf, taxOf, taxRateOf } from './totals.ts';

const usd = (amount: number) => money(amount, 'USD');
const zero = usd(0);

describe('totals', () => {
  it('sums unit price times quantity over the lines', () => {
    assert.deepEqual(
      subtotalOf(
        [
          { unitPrice: usd(1999), quantity: 3 },
          { unitPrice: usd(250), quantity: 1 },
        ],
        'USD',
      ),
      usd(6247),
    );
    assert.deepEqual(subtotalOf([], 'USD'), zero);
  });

  it('charges no shipping and no tax on a plain cart', () => {
    const totals = computeTotals({
      lines: [{ unitPrice: usd(500), quantity: 2 }],
      currency: 'USD',
      discount: zero,
      shipping: zero,
      taxRateBasisPoints: 0,
    });
    assert.deepEqual(totals, { subtotal: usd(1000), discount: zero, shipping: zero, tax: zero, total: usd(1000) });
  });

  it('taxes subtotal minus discount plus shipping', () => {
    const totals = computeTotals({
      lines: [{ unitPrice: usd(10_000), quantity: 1 }],
      currency: 'USD',
      discount: usd(1000),
      shipping: usd(500),
      taxRateBasisPoints: 1900,
    });
    // (10,000 − 1,000 + 500) × 19% = 1,805
    assert.deepEqual(totals, {
      subtotal: usd(10_000),
      discount: usd(1000),
      shipping: usd(500),
      tax: usd(1805),
      total: usd(11_305),
    });
  });

  it('rounds tax half up to whole minor units', () => {
    assert.deepEqual(taxOf(usd(1), 5000), usd(1)); // 0.5 → 1
    assert.deepEqual(taxOf(usd(1), 4999), usd(0)); // 0.4999 → 0
    assert.deepEqual(taxOf(usd(1050), 1900), usd(200)); // 199.5 → 200
    assert.deepEqual(taxOf(usd(1049), 1900), usd(199)); // 199.31 → 199
    assert.deepEqual(taxOf(usd(0), 2000), usd(0));
  });

  it('stays exact on amounts whose product with the rate passes 2^53', () => {
    assert.deepEqual(taxOf(usd(9_000_000_000_000_001), 2000), usd(1_800_000_000_000_000));
  });

  it('refuses a discount above the subtotal, mixed currencies and negative shipping', () => {
    const lines = [{ unitPrice: usd(100), quantity: 1 }];
    const base = { lines, currency: 'USD', discount: zero, shipping: zero, taxRateBasisPoints: 0 };
    assert.throws(() => computeTotals({ ...base, discount: usd(101) }), AssertionError);
    assert.throws(() => computeTotals({ ...base, shipping: money(100, 'EUR') }), AssertionError);
    assert.throws(() => computeTotals({ ...base, shipping: usd(-1) }), AssertionError);
  });

  it('takes the configured rate of a country, else the default', () => {
    const rates = { taxRatesBasisPoints: { DE: 1900, US: 0 }, taxRateDefaultBasisPoints: 700 };
    assert.equal(taxRateOf(rates, 'DE'), 1900);
    assert.equal(taxRateOf(rates, 'US'), 0);
    assert.equal(taxRateOf(rates, 'JP'), 700);
    assert.equal(taxRateOf(rates, 'constructor'), 700);
  });
});
