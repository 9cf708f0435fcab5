import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shipmentStatuses } from '../contract.ts';
import { canTransition, shipmentTransitions, sourcesOf } from './shipment.ts';

describe('shipment state machine', () => {
  it('lists every status', () => {
    assert.deepEqual(Object.keys(shipmentTransitions).sort(), [...shipmentStatuses].sort());
  });

  it('cancels or ships only a booked shipment, delivers only a shipped one', () => {
    assert.deepEqual(sourcesOf('cancelled'), ['booked']);
    assert.deepEqual(sourcesOf('shipped'), ['booked']);
    assert.deepEqual(sourcesOf('delivered'), ['shipped']);
    assert.equal(canTransition('shipped', 'cancelled'), false);
    assert.equal(canTransition('cancelled', 'booked'), false);
  });
});
