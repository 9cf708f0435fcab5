import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toString as markup } from '../shared/index.ts';
import { lineChart, niceCeiling, pathData } from './charts.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 2, 10, 12, minute)).toISOString();

describe('admin charts', () => {
  it('rounds the y axis up to 1, 2, 2.5 or 5 times a power of ten', () => {
    assert.deepEqual([0, 0.3, 1, 3, 7, 24, 180, 0.004].map(niceCeiling), [1, 0.5, 1, 5, 10, 25, 200, 0.005]);
  });

  it('draws one run per stretch of known values and leaves gaps for missing ones', () => {
    const points = [1, 2, null, 4, 5].map((value, index) => ({ at: at(index), value }));
    const data = pathData(points, 5);
    assert.equal(data.match(/M/g)?.length, 2);
    assert.equal(data.match(/L/g)?.length, 2);
  });

  it('describes the chart in words for screen readers: latest value and range', () => {
    const svg = markup(
      lineChart({
        id: 'orders',
        title: 'Orders per minute',
        points: [3, 7, 5].map((value, index) => ({ at: at(index), value })),
        format: String,
      }),
    );
    assert.match(svg, /role="img"/);
    assert.match(svg, /Orders per minute: now 5; lowest 3, highest 7 over 3 readings from 12:00 to 12:02 UTC\./);
  });

  it('says there is no data yet instead of drawing an empty chart', () => {
    const svg = markup(
      lineChart({ id: 'p99', title: 'p99 latency', points: [{ at: at(0), value: null }], format: String }),
    );
    assert.doesNotMatch(svg, /<svg/);
    assert.match(svg, /No readings yet/);
  });

  it('escapes titles', () => {
    const svg = markup(lineChart({ id: 'x', title: '<script>', points: [{ at: at(0), value: 1 }], format: String }));
    assert.doesNotMatch(svg, /<script>/);
  });
});
