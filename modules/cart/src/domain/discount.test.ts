import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssertionError, money } from '@mercato/platform/kernel';
import {
  type DiscountState,
  discountAmount,
  discountProblem,
  normalizeCode,
  planNewDiscount,
  planUpdate,
} from './discount.ts';

const usd = (amount: number) => money(amount, 'USD');
const percent = (value: number) => ({ type: 'percentage' as const, value, currency: 'USD' });
const fixed = (value: number) => ({ type: 'fixed' as const, value, currency: 'USD' });
const code = (failure: { code: string } | undefined) => failure?.code;

const now = new Date('2030-06-01T12:00:00Z');
const open: DiscountState = {
  active: true,
  startsAt: null,
  endsAt: null,
  usageLimit: null,
  used: 0,
  perCustomerLimit: null,
  customerUsed: 0,
  minSubtotal: null,
  currency: 'USD',
};
const use = { now, subtotal: usd(5000), customerId: 'cus_a' };

describe('discount amount', () => {
  it('takes whole percent of the subtotal, rounded half up to minor units', () => {
    assert.deepEqual(discountAmount(percent(10), usd(12_345)), usd(1235)); // 1,234.5 → 1,235
    assert.deepEqual(discountAmount(percent(10), usd(12_344)), usd(1234)); // 1,234.4 → 1,234
    assert.deepEqual(discountAmount(percent(15), usd(999)), usd(150)); // 149.85 → 150
    assert.deepEqual(discountAmount(percent(1), usd(49)), usd(0)); // 0.49 → 0
    assert.deepEqual(discountAmount(percent(1), usd(50)), usd(1)); // 0.5 → 1
  });

  it('takes the whole subtotal at 100 percent and nothing from an empty cart', () => {
    assert.deepEqual(discountAmount(percent(100), usd(4321)), usd(4321));
    assert.deepEqual(discountAmount(percent(50), usd(0)), usd(0));
  });

  it('takes a fixed amount, never more than the subtotal', () => {
    assert.deepEqual(discountAmount(fixed(500), usd(2000)), usd(500));
    assert.deepEqual(discountAmount(fixed(500), usd(300)), usd(300));
    assert.deepEqual(discountAmount(fixed(500), usd(0)), usd(0));
  });

  it('stays exact on subtotals whose product with the percentage passes 2^53', () => {
    assert.deepEqual(discountAmount(percent(30), usd(9_000_000_000_000_001)), usd(2_700_000_000_000_000));
  });

  it('refuses a percentage over 100 and a discount in another currency (bugs, not outcomes)', () => {
    assert.throws(() => discountAmount(percent(101), usd(100)), AssertionError);
    assert.throws(() => discountAmount(fixed(100), money(100, 'EUR')), AssertionError);
  });
});

describe('discount rules', () => {
  it('applies an open code', () => {
    assert.equal(discountProblem(open, use), undefined);
  });

  it('answers discount_expired for a deactivated code and from endsAt on', () => {
    assert.equal(code(discountProblem({ ...open, active: false }, use)), 'discount_expired');
    assert.equal(code(discountProblem({ ...open, endsAt: now }, use)), 'discount_expired');
    assert.equal(discountProblem({ ...open, endsAt: new Date(now.getTime() + 1) }, use), undefined);
  });

  it('answers discount_not_started before startsAt, and applies from it on', () => {
    assert.equal(
      code(discountProblem({ ...open, startsAt: new Date(now.getTime() + 1) }, use)),
      'discount_not_started',
    );
    assert.equal(discountProblem({ ...open, startsAt: now }, use), undefined);
  });

  it('answers discount_exhausted once the total or the customer’s uses reach their limit', () => {
    assert.deepEqual(discountProblem({ ...open, usageLimit: 3, used: 3 }, use)?.details, { limit: 'total' });
    assert.equal(discountProblem({ ...open, usageLimit: 3, used: 2 }, use), undefined);
    assert.deepEqual(discountProblem({ ...open, perCustomerLimit: 1, customerUsed: 1 }, use)?.details, {
      limit: 'per_customer',
    });
    assert.equal(discountProblem({ ...open, perCustomerLimit: 2, customerUsed: 1 }, use), undefined);
  });

  it('answers discount_requires_account for a per-customer code on an anonymous cart', () => {
    assert.equal(
      code(discountProblem({ ...open, perCustomerLimit: 1 }, { ...use, customerId: null })),
      'discount_requires_account',
    );
    assert.equal(discountProblem({ ...open, usageLimit: 5 }, { ...use, customerId: null }), undefined);
  });

  it('answers discount_min_subtotal under the minimum, and applies at it', () => {
    const failure = discountProblem({ ...open, minSubtotal: 5001 }, use);
    assert.equal(code(failure), 'discount_min_subtotal');
    assert.deepEqual(failure?.details, { minSubtotal: usd(5001), subtotal: usd(5000) });
    assert.equal(discountProblem({ ...open, minSubtotal: 5000 }, use), undefined);
  });

  it('says an ended code is expired before it says it is used up', () => {
    assert.equal(
      code(discountProblem({ ...open, active: false, usageLimit: 1, used: 1, minSubtotal: 99_999 }, use)),
      'discount_expired',
    );
  });
});

describe('discount codes and staff input', () => {
  it('normalizes codes to upper case, trimmed, and rejects what cannot be a code', () => {
    assert.equal(normalizeCode('  summer-10 '), 'SUMMER-10');
    assert.equal(normalizeCode('Summer_10'), 'SUMMER_10');
    assert.equal(normalizeCode(''), undefined);
    assert.equal(normalizeCode('-LEADING'), undefined);
    assert.equal(normalizeCode('TWO WORDS'), undefined);
    assert.equal(normalizeCode('X'.repeat(33)), undefined);
    assert.equal(normalizeCode('ſUMMER'), undefined); // no Unicode case tricks
  });

  it('refuses a percentage over 100, a minimum in another currency and an end before the start', () => {
    const base = { code: 'save', type: 'percentage' as const, value: 10 };
    assert.equal(planNewDiscount(base, 'USD').ok, true);
    assert.equal(code(planNewDiscount({ ...base, value: 101 }, 'USD') as { code: string }), 'invalid_discount');
    assert.equal(planNewDiscount({ ...base, type: 'fixed', value: 101 }, 'USD').ok, true);
    assert.equal(
      code(planNewDiscount({ ...base, minSubtotal: money(100, 'EUR') }, 'USD') as { code: string }),
      'invalid_discount',
    );
    const dates = { startsAt: '2030-01-02T00:00:00Z', endsAt: '2030-01-01T00:00:00Z' };
    assert.equal(code(planNewDiscount({ ...base, ...dates }, 'USD') as { code: string }), 'invalid_discount');
    assert.equal(code(planNewDiscount({ ...base, startsAt: 'soon' }, 'USD') as { code: string }), 'invalid_discount');
    assert.equal(code(planNewDiscount({ ...base, usageLimit: 0 }, 'USD') as { code: string }), 'invalid_discount');
  });

  it('changes only what a patch names, and refuses a total limit below the uses held', () => {
    const settings = { active: true, startsAt: null, endsAt: null, usageLimit: 10, perCustomerLimit: 2 };
    const current = { ...settings, used: 4 };
    assert.deepEqual(planUpdate(current, { active: false }), { ok: true, value: { ...settings, active: false } });
    assert.equal(code(planUpdate(current, { usageLimit: 3 }) as { code: string }), 'usage_limit_below_used');
    assert.equal(planUpdate(current, { usageLimit: 4 }).ok, true);
    assert.deepEqual(planUpdate(current, { usageLimit: null, perCustomerLimit: null }), {
      ok: true,
      value: { active: true, startsAt: null, endsAt: null, usageLimit: null, perCustomerLimit: null },
    });
    assert.equal(
      code(
        planUpdate({ ...current, startsAt: new Date('2030-01-02T00:00:00Z') }, { endsAt: '2030-01-01T00:00:00Z' }) as {
          code: string;
        },
      ),
      'invalid_discount',
    );
  });
});
