import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { returnStatuses } from '../contract.ts';
import { canMoveReturn, checkReturnMove, returnTransitions } from './return-status.ts';

describe('return transitions', () => {
  it('allow exactly the moves of the table, and refuse every other pair with the caller’s code', () => {
    const allowed = new Set([
      'requested>accepted',
      'requested>rejected',
      'accepted>received',
      'received>refunded',
      'refunded>refunded',
    ]);
    for (const from of returnStatuses) {
      for (const to of returnStatuses) {
        assert.equal(canMoveReturn(from, to), allowed.has(`${from}>${to}`), `${from} → ${to}`);
        const checked = checkReturnMove(from, to, 'return_not_acceptable');
        assert.equal(checked.ok, allowed.has(`${from}>${to}`));
        if (!checked.ok) assert.equal(checked.code, 'return_not_acceptable');
      }
    }
    assert.deepEqual(returnTransitions.rejected, []);
  });
});
