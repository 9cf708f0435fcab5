import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { orderModules } from './graph.ts';

describe('orderModules', () => {
  it('puts every module after the modules it uses', () => {
    const ordered = orderModules([
      { name: 'checkout', uses: ['cart', 'inventory'] },
      { name: 'cart', uses: ['catalog', 'inventory'] },
      { name: 'catalog', uses: [] },
      { name: 'inventory', uses: [] },
    ]).map((module) => module.name);
    for (const [user, used] of [
      ['checkout', 'cart'],
      ['checkout', 'inventory'],
      ['cart', 'catalog'],
    ] as const) {
      assert.ok(ordered.indexOf(used) < ordered.indexOf(user), `${used} before ${user} in ${ordered}`);
    }
  });

  it('refuses a module whose dependency is missing, naming both', () => {
    assert.throws(() => orderModules([{ name: 'cart', uses: ['catalog'] }]), /cart uses catalog/);
  });

  it('accepts a dependency served by another process', () => {
    assert.deepEqual(
      orderModules([{ name: 'cart', uses: ['catalog'] }], ['catalog']).map((module) => module.name),
      ['cart'],
    );
  });

  it('refuses cycles', () => {
    assert.throws(
      () =>
        orderModules([
          { name: 'a', uses: ['b'] },
          { name: 'b', uses: ['a'] },
        ]),
      /cycle/,
    );
  });
});
