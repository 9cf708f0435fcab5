import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseShippingConfig, shippingDefaults } from '../config.ts';
import { isCountryCode, methodsFor, quoteFor } from './rates.ts';

const usd = (amount: number) => ({ amount, currency: 'USD' });

describe('methodsFor', () => {
  it('prices standard and express per country, with the default for countries not listed', () => {
    assert.deepEqual(methodsFor(shippingDefaults, 'US'), [
      { id: 'standard', name: 'Standard', price: usd(599), estimatedDays: { min: 3, max: 7 } },
      { id: 'express', name: 'Express', price: usd(1999), estimatedDays: { min: 1, max: 2 } },
    ]);
    assert.deepEqual(
      methodsFor(shippingDefaults, 'CA').map((method) => method.price.amount),
      [999, 2999],
    );
    assert.deepEqual(
      methodsFor(shippingDefaults, 'JP').map((method) => method.price.amount),
      [1499, 3999],
    );
  });

  it('offers a listed country exactly its methods, and serves nobody else without a default', () => {
    const config = parseShippingConfig({ rates: { US: { standard: 500, express: 1500 }, IS: { standard: 2500 } } });
    assert.deepEqual(
      methodsFor(config, 'IS').map((method) => method.id),
      ['standard'],
    );
    assert.deepEqual(methodsFor(config, 'FR'), []);
  });
});

describe('quoteFor', () => {
  it('answers the rate of the method for the country', () => {
    assert.deepEqual(quoteFor(shippingDefaults, 'US', 'express', usd(100)), usd(1999));
    assert.deepEqual(quoteFor(shippingDefaults, 'DE', 'standard', usd(100)), usd(1499));
  });

  it('makes standard shipping free from the configured subtotal on, never express', () => {
    const config = parseShippingConfig({ freeStandardFromSubtotal: 5000 });
    assert.deepEqual(quoteFor(config, 'US', 'standard', usd(4999)), usd(599));
    assert.deepEqual(quoteFor(config, 'US', 'standard', usd(5000)), usd(0));
    assert.deepEqual(quoteFor(config, 'US', 'express', usd(50_000)), usd(1999));
  });

  it('answers undefined for an unknown method or one not offered there', () => {
    const config = parseShippingConfig({ rates: { IS: { standard: 2500 } } });
    assert.equal(quoteFor(config, 'IS', 'express', usd(1)), undefined);
    assert.equal(quoteFor(config, 'FR', 'standard', usd(1)), undefined);
    assert.equal(quoteFor(shippingDefaults, 'US', 'overnight', usd(1)), undefined);
  });
});

describe('isCountryCode', () => {
  it('takes two upper-case letters only', () => {
    assert.equal(isCountryCode('US'), true);
    for (const bad of ['us', 'USA', 'U', '12', '']) assert.equal(isCountryCode(bad), false, bad);
  });
});

describe('parseShippingConfig', () => {
  it('keeps the defaults when nothing is configured', () => {
    assert.deepEqual(parseShippingConfig({}), shippingDefaults);
  });

  it('refuses bad country keys, unknown methods, negative prices and inverted delivery days', () => {
    assert.throws(() => parseShippingConfig({ rates: { usa: { standard: 1 } } }), /country/);
    assert.throws(() => parseShippingConfig({ rates: { US: { overnight: 1 } as never } }), /unknown method/);
    assert.throws(() => parseShippingConfig({ rates: { US: { standard: -1 } } }), /minor units/);
    assert.throws(
      () =>
        parseShippingConfig({
          methods: { ...shippingDefaults.methods, express: { name: 'Express', estimatedDays: { min: 3, max: 1 } } },
        }),
      /estimatedDays/,
    );
    assert.throws(() => parseShippingConfig({ currency: 'usd' }), /currency/);
  });
});
