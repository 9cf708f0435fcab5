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
      buyers: undefined,
      units: 100,
      checkoutsMax: 50_000,
      runs: 3,
      requests: 200,
    });
  });

  it("reads the buyers as a list of levels, without repeats, and the flash sale's units", () => {
    const options = parseBenchArgs(
      ['checkout', '--buyers', '8, 32,64,32', '--units', '5', '--checkouts', '10'],
      '/b',
      now,
    );
    assert.deepEqual(options?.buyers, [8, 32, 64]);
    assert.equal(options?.units, 5);
    assert.equal(options?.checkoutsMax, 10);
    assert.deepEqual(parseBenchArgs(['flash-sale', '--buyers', '300'], '/b', now)?.buyers, [300]);
  });

  it('rejects malformed or out-of-range buyers', () => {
    assert.throws(() => parseBenchArgs(['checkout', '--buyers', '8,,32'], '/b', now), /whole number/);
    assert.throws(() => parseBenchArgs(['checkout', '--buyers', '0'], '/b', now), /between 1 and 2000/);
    assert.throws(
      () => parseBenchArgs(['checkout', '--buyers', '1,2,3,4,5,6,7,8,9,10,11'], '/b', now),
      /at most 10 levels/,
    );
    assert.throws(() => parseBenchArgs(['flash-sale', '--units', '0'], '/b', now), /between 1 and 100000/);
  });

  it('reads every flag', () => {
    const options = parseBenchArgs(
      [
        'catalog',
        '--duration',
        '3',
        '--warmup',
        '0',
        '--connections',
        '8',
        '--products',
        '100000',
        '--routes',
        'search, facets',
        '--out',
        'x.json',
      ],
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

  it('reads the lighthouse runs and requests, within their bounds', () => {
    const options = parseBenchArgs(['lighthouse', '--runs', '1', '--requests', '50', '--routes', 'cart'], '/b', now);
    assert.equal(options?.runs, 1);
    assert.equal(options?.requests, 50);
    assert.deepEqual(options?.routes, ['cart']);
    assert.throws(() => parseBenchArgs(['lighthouse', '--runs', '10'], '/b', now), /between 1 and 9/);
    assert.throws(() => parseBenchArgs(['lighthouse', '--requests', '5'], '/b', now), /between 10 and 10000/);
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
