import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssertionError } from '@mercato/platform/kernel';
import { buildCategoryTree, type CategoryRow, childPath } from './tree.ts';

function row(id: string, parentId: string | null, position = 0, productCount = 0): CategoryRow {
  return { id, slug: id, name: id.toUpperCase(), parentId, position, productCount };
}

describe('buildCategoryTree', () => {
  it('nests children under parents and orders siblings by position then name', () => {
    const tree = buildCategoryTree([
      row('shoes', 'clothing', 1),
      row('clothing', null),
      row('shirts', 'clothing', 0),
      row('audio', null, -1),
      row('hats', 'clothing', 1),
    ]);
    assert.deepEqual(
      tree.map((node) => [node.slug, node.children.map((child) => child.slug)]),
      [
        ['audio', []],
        ['clothing', ['shirts', 'hats', 'shoes']],
      ],
    );
  });
  it('keeps the subtree counts it is given', () => {
    const [clothing] = buildCategoryTree([row('clothing', null, 0, 7), row('shirts', 'clothing', 0, 3)]);
    assert.equal(clothing?.productCount, 7);
    assert.equal(clothing?.children[0]?.productCount, 3);
  });
  it('refuses rows that hang from a missing parent', () => {
    assert.throws(() => buildCategoryTree([row('orphan', 'gone')]), AssertionError);
  });
});

describe('childPath', () => {
  it('appends the child and refuses to go deeper than the limit', () => {
    assert.deepEqual(childPath(['a', 'b'], 'c'), ['a', 'b', 'c']);
    assert.equal(childPath(['1', '2', '3', '4', '5', '6', '7', '8'], '9'), undefined);
  });
});
