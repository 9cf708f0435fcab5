import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { costBetween, cpuSecondsFromStat, parseMetrics, type ServerSnapshot } from './server-stats.ts';

const metricsText = `# HELP db_query_duration_seconds Duration of database queries in seconds.
# TYPE db_query_duration_seconds histogram
db_query_duration_seconds_bucket{le="0.005"} 30000
db_query_duration_seconds_sum 12.5
db_query_duration_seconds_count 30968
db_pool_connections{state="total"} 1
db_pool_connections{state="idle"} 0
db_pool_connections{state="waiting"} 7
http_request_duration_seconds_count{method="GET",route="/readyz",status_code="200"} 1
`;

describe('parseMetrics', () => {
  it('reads the query count and time', () => {
    assert.deepEqual(parseMetrics(metricsText), { dbQueries: 30968, dbQuerySeconds: 12.5 });
  });

  it('answers 0 for a metric the text lacks', () => {
    assert.deepEqual(parseMetrics('# nothing here\n'), { dbQueries: 0, dbQuerySeconds: 0 });
  });
});

describe('cpuSecondsFromStat', () => {
  it('adds user and system ticks, counting fields from the last parenthesis of the command name', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 100 0 0';
    assert.equal(cpuSecondsFromStat(stat), 3);
  });

  it('answers null for text that is not a stat line', () => {
    assert.equal(cpuSecondsFromStat('garbage'), null);
  });
});

describe('costBetween', () => {
  const at = (atMs: number, dbQueries: number, dbQuerySeconds: number, cpuSeconds: number | null): ServerSnapshot => ({
    atMs,
    dbQueries,
    dbQuerySeconds,
    cpuSeconds,
  });

  it('answers CPU and database busy shares of the window, and queries and database time per flow', () => {
    const cost = costBetween(at(0, 1_000, 1, 10), at(10_000, 11_000, 6, 19), 100);
    assert.deepEqual(cost, { cpuPercent: 90, dbQueriesPerFlow: 100, dbMsPerFlow: 50, dbBusyPercent: 50 });
  });

  it('answers null CPU without /proc and zero per-flow figures without flows', () => {
    const cost = costBetween(at(0, 0, 0, null), at(1_000, 50, 0.5, null), 0);
    assert.deepEqual(cost, { cpuPercent: null, dbQueriesPerFlow: 0, dbMsPerFlow: 0, dbBusyPercent: 50 });
  });
});
