import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type AlertState, decideAlert } from './low-stock.ts';

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));

/** Applies readings in order and answers at which of them an alert fired. */
function alertsOf(readings: [available: number, second: number][], threshold = 5): number[] {
  let state: AlertState | undefined;
  const alerts: number[] = [];
  readings.forEach(([available, second], index) => {
    const decision = decideAlert(state, { available, threshold, eventAt: at(second) });
    if (decision.alert) alerts.push(index);
    state = decision.next ?? state;
  });
  return alerts;
}

describe('low-stock alerts', () => {
  it('fire once when stock falls below the threshold, not on every change below it', () => {
    assert.deepEqual(
      alertsOf([
        [10, 1],
        [6, 2],
        [5, 3],
        [4, 4],
        [3, 5],
        [0, 6],
        [2, 7],
      ]),
      [3],
    );
  });

  it('re-arm once stock rises back to the threshold, then fire at the next crossing', () => {
    assert.deepEqual(
      alertsOf([
        [3, 1],
        [4, 2],
        [5, 3],
        [4, 4],
        [9, 5],
        [1, 6],
      ]),
      [0, 3, 5],
    );
  });

  it('ignore an event older than the last one applied (a stale redelivery)', () => {
    assert.deepEqual(
      alertsOf([
        [3, 5],
        [9, 2],
        [2, 6],
      ]),
      [0],
    );
  });

  it('never fire with threshold 0', () => {
    assert.deepEqual(
      alertsOf(
        [
          [0, 1],
          [3, 2],
          [0, 3],
        ],
        0,
      ),
      [],
    );
  });
});
