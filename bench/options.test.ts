import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileTimestamp, parseBenchArgs, UsageError } from './options.ts';

const now = new Date('2025-03-04T05:06:07.890Z');

describe('parseBenchArgs', () => {
  it('answers the documented defaults for a bare scenario name', () => {
    assert.deepEqual(parseBenchArgs(['catalog'], '/repo/bench', now), {
      scenario: 'catalog',
      durationS: 20,
      warmupS: 2,
      connections: 32,
      products: 1000,
      routes: undefined,
      outPath: '/repo/bench/results/catalog-2025-03-04T05-06-07Z.json',
      uncached: false,
    });
  });

  it('reads every flag', () => {
    const options = parseBenchArgs(
      ['catalog', '--duration', '3', '--warmup', '0', '--connections', '8', '--products', '100000', '--routes', 'search, facets', '--out', 'x.json'],
      '/repo/bench',
      now,
    );
    assert.equal(options?.durationS, 3);
    assert.equal(options?.warmupS, 0);
    assert.equal(options?.connections, 8);
    assert.equal(options?.products, 100_000);
    assert.deepEqual(options?.routes, ['search', 'facets']);
    assert.equal(options?.outPath, 'x.json');
  });

  it('answers undefined for --help', () => {
    assert.equal(parseBenchArgs(['--help'], '/repo/bench', now), undefined);
  });

  it('rejects a missing scenario, unknown flags and out-of-range numbers', () => {
    assert.throws(() => parseBenchArgs([], '/b', now), UsageError);
    assert.throws(() => parseBenchArgs(['catalog', '--speed', '3'], '/b', now), UsageError);
    assert.throws(() => parseBenchArgs(['catalog', '--duration', '0'], '/b', now), /between 1 and 600/);
    assert.throws(() => parseBenchArgs(['catalog', '--connections', '3.5'], '/b', now), /whole number/);
    assert.throws(() => parseBenchArgs(['catalog', '--routes', ' , '], '/b', now), /at least one route/);
  });
});

describe('fileTimestamp', () => {
  it('has no colons, so it is a valid file name everywhere', () => {
    assert.equal(fileTimestamp(now), '2025-03-04T05-06-07Z');
  });
});
