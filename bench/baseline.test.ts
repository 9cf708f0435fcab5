import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baselineAt, parseBaselineOutput } from './baseline.ts';

const level = (concurrency: number, txPerSecond: number) => ({
  concurrency,
  transactions: 100,
  elapsedMs: 50,
  txPerSecond,
  p50Ms: 1,
  p99Ms: 2,
});

describe('parseBaselineOutput', () => {
  it("reads the last line of the script's output", () => {
    const output = { rows: 1, openMs: 30, levels: [level(1, 2000)] };
    assert.deepEqual(parseBaselineOutput(`noise\n${JSON.stringify(output)}\n`), output);
  });

  it('refuses output without levels', () => {
    assert.throws(() => parseBaselineOutput('{"rows":1}'), /unexpected baseline output/);
    assert.throws(() => parseBaselineOutput('not json'), SyntaxError);
  });
});

describe('baselineAt', () => {
  it('answers the level at the concurrency, else the sequential one', () => {
    const output = { rows: 1, openMs: 0, levels: [level(1, 2000), level(32, 2500)] };
    assert.equal(baselineAt(output, 32)?.txPerSecond, 2500);
    assert.equal(baselineAt(output, 8)?.txPerSecond, 2000);
  });
});
