import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowFigures, flowRecorder } from './checkout-flow.ts';

describe('flowFigures', () => {
  it('counts placed and pending checkouts, errors and non-2xx answers of every step, and names the refusals', () => {
    const recorder = flowRecorder();
    recorder.answers.cart = { '201': 10, '0 connection_error': 1 };
    recorder.answers.items = { '200': 18, '409 insufficient_stock': 1 };
    recorder.answers.checkout = { '201': 6, '202': 2, '503 inventory_unavailable': 1 };
    for (const ms of [100, 120, 140, 160, 180, 200, 220, 240, 260]) recorder.sequence.record(ms);
    for (const ms of [50, 60, 70, 80, 90, 100, 110, 120, 130]) recorder.checkout.record(ms);
    const figures = flowFigures(recorder);
    assert.equal(figures.placed, 6);
    assert.equal(figures.pending, 2);
    assert.equal(figures.errors, 1);
    assert.equal(figures.non2xx, 2);
    assert.equal(figures.sequences, 9);
    // HDR histograms keep 3 significant digits.
    assert.ok(Math.abs(figures.checkoutLatency.p50Ms - 90) < 0.1, String(figures.checkoutLatency.p50Ms));
    assert.deepEqual(figures.refusals, {
      'cart 0 connection_error': 1,
      'items 409 insufficient_stock': 1,
      'checkout 503 inventory_unavailable': 1,
    });
  });

  it('answers zeros for a run that did nothing', () => {
    const figures = flowFigures(flowRecorder());
    assert.deepEqual(
      [figures.placed, figures.pending, figures.errors, figures.non2xx, figures.sequences],
      [0, 0, 0, 0, 0],
    );
  });
});
