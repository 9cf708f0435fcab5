import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ok } from '@mercato/platform/kernel';
import { defineSaga, type SagaStep } from './runner.ts';

/**
 * `defineSaga` checks the order of steps when the code compiles: each `@ts-expect-error`
 * below fails `npm run typecheck` the day the check stops refusing that definition.
 */
type Context = { readonly cartId: string };
type Priced = { readonly total: number };

const price: SagaStep<Context, 'price', Priced> = {
  name: 'price',
  unavailableCode: 'unavailable',
  run: async () => ok({ total: 5 }),
  compensate: async () => {},
};
const charge: SagaStep<Context, 'charge', { readonly charged: number }, { readonly price: Priced }> = {
  name: 'charge',
  unavailableCode: 'unavailable',
  // The earlier step's output, typed: no lookup by string, no cast.
  run: async (state) => ok({ charged: state.outputs.price.total }),
  compensate: async () => {},
};

const plan = {
  name: 'test_saga',
  load: async (): Promise<Context> => ({ cartId: 'cart_1' }),
  finished: async () => {},
};

describe('defineSaga', () => {
  it('takes steps that read only what earlier steps answered', () => {
    const definition = defineSaga({ ...plan, steps: [price, charge] });
    assert.deepEqual(
      definition.steps.map((step) => step.name),
      ['price', 'charge'],
    );
  });

  it('refuses a step that reads the output of a later step, or of none', () => {
    // @ts-expect-error charge reads price's output before price ran
    defineSaga({ ...plan, steps: [charge, price] });
    // @ts-expect-error charge reads price's output, and no step answers it
    defineSaga({ ...plan, steps: [charge] });
  });

  it('refuses two steps of one name, whose outputs would be stored in one place', () => {
    assert.throws(
      // @ts-expect-error price is named twice
      () => defineSaga({ ...plan, steps: [price, price] }),
      /names a step twice: price, price/,
    );
  });
});
