import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { latencyRecorder } from './stats.ts';

describe('latencyRecorder', () => {
  it('summarizes p50 and p99 of recorded latencies to within HDR precision', () => {
    const recorder = latencyRecorder();
    for (let ms = 1; ms <= 1000; ms += 1) recorder.record(ms / 10);
    const summary = recorder.summary();
    assert.equal(summary.count, 1000);
    assert.ok(Math.abs(summary.p50Ms - 50) <= 0.1, `p50 ${summary.p50Ms}`);
    assert.ok(Math.abs(summary.p99Ms - 99) <= 0.1, `p99 ${summary.p99Ms}`);
    assert.ok(Math.abs(summary.maxMs - 100) <= 0.1, `max ${summary.maxMs}`);
  });

  it('keeps sub-millisecond latencies apart', () => {
    const recorder = latencyRecorder();
    for (let i = 0; i < 99; i += 1) recorder.record(0.25);
    recorder.record(0.75);
    const summary = recorder.summary();
    assert.equal(summary.p50Ms, 0.25);
    assert.equal(summary.maxMs, 0.75);
  });

  it('answers zeros when nothing was recorded', () => {
    assert.deepEqual(latencyRecorder().summary(), { count: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0 });
  });
});
