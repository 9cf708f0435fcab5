import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Db } from '../db/port.ts';
import { assert, type Clock, limits } from '../kernel/index.ts';
import type { EventEnvelope, Transport } from './port.ts';
import { errorText, PublishError } from './publish-error.ts';
import { relayMetrics } from './relay-metrics.ts';
import { claimBatch, outboxStats, purge, settleBatch } from './relay-store.ts';
import { assertSchemaName } from './tables.ts';

export type RelayOptions = {
  readonly db: Db;
  readonly schema: string;
  readonly transport: Transport;
  readonly logger: Logger;
  readonly metrics: Registry;
  readonly clock: Clock;
  /** Rows claimed and published per pass, at most `limits.outboxBatchSizeMax`. */
  readonly batchSize: number;
  /** Longest wait between passes when idle (1–10,000 ms); `wake()` cuts it short. */
  readonly pollIntervalMs: number;
  /** Failed publishes before a row is marked dead. */
  readonly attemptsMax: number;
  /** How long a claimed row is reserved for this relay; a dead relay's rows return after it. */
  readonly leaseMs?: number;
  /** First retry delay of a failed row; doubles per attempt up to `retryDelayMaxMs`. */
  readonly retryDelayMs?: number;
  readonly retryDelayMaxMs?: number;
  /** Published rows are kept this long (by `clock`), then purged. */
  readonly retentionMs?: number;
  /** Inbox rows are kept this long (by the database clock): longer than any redelivery. */
  readonly inboxRetentionMs?: number;
  readonly purgeIntervalMs?: number;
  readonly purgeBatchSize?: number;
  /** How often the pending and lag gauges are refreshed. */
  readonly statsIntervalMs?: number;
};

export type Relay = {
  /** Starts the background loop. */
  start(): void;
  /** Ends the loop and waits for the pass in flight. */
  stop(): Promise<void>;
  /** One pass: claim, publish, mark. Returns events marked published. */
  relayOnce(): Promise<number>;
  /** Asks for a pass now (after a commit that appended events). */
  wake(): void;
  /** Waits for the passes in flight; true when there were any. */
  settle(): Promise<boolean>;
};

const idleDelayMinMs = 5;
const errorDelayMinMs = 100;
const errorDelayMaxMs = 5_000;
const attemptsLimit = 100;

type PassOutcome = { readonly claimed: number; readonly published: number };

function withDefaults(options: RelayOptions) {
  const settings = {
    leaseMs: options.leaseMs ?? 30_000,
    retryDelayMs: options.retryDelayMs ?? 1_000,
    retryDelayMaxMs: options.retryDelayMaxMs ?? 60_000,
    retentionMs: options.retentionMs ?? 24 * 60 * 60 * 1000,
    inboxRetentionMs: options.inboxRetentionMs ?? 7 * 24 * 60 * 60 * 1000,
    purgeIntervalMs: options.purgeIntervalMs ?? 60_000,
    purgeBatchSize: options.purgeBatchSize ?? 1_000,
    statsIntervalMs: options.statsIntervalMs ?? 5_000,
  };
  assertSchemaName(options.schema);
  const { batchSize, pollIntervalMs, attemptsMax } = options;
  assert(
    Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= limits.outboxBatchSizeMax,
    `relay batchSize must be 1–${limits.outboxBatchSizeMax}`,
  );
  assert(pollIntervalMs >= 1 && pollIntervalMs <= 10_000, 'relay pollIntervalMs must be 1–10000');
  assert(
    Number.isInteger(attemptsMax) && attemptsMax >= 1 && attemptsMax <= attemptsLimit,
    `relay attemptsMax must be 1–${attemptsLimit}`,
  );
  assert(settings.leaseMs >= 1, 'relay leaseMs must be positive');
  assert(settings.purgeBatchSize >= 1 && settings.purgeBatchSize <= 10_000, 'relay purgeBatchSize must be 1–10000');
  return settings;
}

/**
 * Moves events from one schema's outbox to the transport. At least once: a row is
 * marked published only after the transport accepted it, so a relay that stops or
 * dies between the two publishes that row again on a later pass.
 */
export function createRelay(options: RelayOptions): Relay {
  const { db, schema, transport, logger, clock, batchSize, pollIntervalMs, attemptsMax } = options;
  const settings = withDefaults(options);
  const metrics = relayMetrics(options.metrics);
  const labels = { schema };
  const inFlight = new Set<Promise<unknown>>();
  let lastStatsAtMs = Number.NEGATIVE_INFINITY;
  let lastPurgeAtMs = performance.now();
  let running: Promise<void> | undefined;
  let stopping = false;
  let wakeRequested = false;
  let interruptSleep: (() => void) | undefined;

  async function publishBatch(batch: readonly EventEnvelope[]): Promise<Map<string, string>> {
    try {
      await transport.publish(batch);
      return new Map();
    } catch (error) {
      const ids = new Set(batch.map((event) => event.id));
      if (error instanceof PublishError) {
        const failures = new Map([...error.failures].filter(([id]) => ids.has(id)));
        if (failures.size > 0) return failures;
      }
      return new Map([...ids].map((id) => [id, errorText(error)]));
    }
  }

  async function maintain(): Promise<void> {
    const nowMs = performance.now();
    if (nowMs - lastStatsAtMs >= settings.statsIntervalMs) {
      lastStatsAtMs = nowMs;
      const stats = await outboxStats(db, schema);
      metrics.pending.set(labels, stats.pending);
      const lagMs = stats.oldestOccurredAt ? clock.now().getTime() - stats.oldestOccurredAt.getTime() : 0;
      metrics.lagSeconds.set(labels, Math.max(0, lagMs) / 1000);
    }
    if (nowMs - lastPurgeAtMs >= settings.purgeIntervalMs) {
      lastPurgeAtMs = nowMs;
      const cutoff = new Date(clock.now().getTime() - settings.retentionMs);
      const purged = await purge(db, schema, cutoff, settings.inboxRetentionMs, settings.purgeBatchSize);
      if (purged > 0) logger.debug({ schema, purged }, 'purged published outbox and old inbox rows');
    }
  }

  async function pass(): Promise<PassOutcome> {
    await maintain();
    const batch = await claimBatch(db, schema, clock.now(), settings.leaseMs, batchSize);
    if (batch.length === 0) return { claimed: 0, published: 0 };
    const failures = await publishBatch(batch);
    const publishedIds = batch.filter((event) => !failures.has(event.id)).map((event) => event.id);
    const outcome = await settleBatch(db, schema, {
      publishedIds,
      failures,
      now: clock.now(),
      attemptsMax,
      retryDelayMs: settings.retryDelayMs,
      retryDelayMaxMs: settings.retryDelayMaxMs,
    });
    if (outcome.published > 0) metrics.published.inc(labels, outcome.published);
    if (failures.size > 0) {
      const [firstId, firstError] = [...failures][0] ?? [];
      logger.warn(
        { schema, failed: failures.size, eventId: firstId, error: firstError },
        'outbox publish failed; will retry',
      );
    }
    for (const dead of outcome.dead) {
      metrics.dead.inc(labels);
      logger.error(
        { schema, eventId: dead.id, type: dead.type, attempts: dead.attempts, error: dead.error },
        'outbox event is dead: gave up publishing it',
      );
    }
    return { claimed: batch.length, published: outcome.published };
  }

  /** Runs a pass and remembers it, so `stop()` can wait for it. */
  async function trackedPass(): Promise<PassOutcome> {
    const current = pass();
    inFlight.add(current);
    try {
      return await current;
    } finally {
      inFlight.delete(current);
    }
  }

  function sleep(delayMs: number): Promise<void> {
    if (wakeRequested || stopping) {
      wakeRequested = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, delayMs);
      function done() {
        clearTimeout(timer);
        interruptSleep = undefined;
        wakeRequested = false;
        resolve();
      }
      interruptSleep = done;
    });
  }

  async function loop(): Promise<void> {
    let idleDelayMs = idleDelayMinMs;
    let errorDelayMs = errorDelayMinMs;
    while (!stopping) {
      let delayMs: number;
      try {
        const outcome = await trackedPass();
        errorDelayMs = errorDelayMinMs;
        if (outcome.claimed > 0) {
          idleDelayMs = idleDelayMinMs;
          continue;
        }
        // Idle: poll again soon, backing off to pollIntervalMs; wake() cuts the wait.
        delayMs = idleDelayMs;
        idleDelayMs = Math.min(idleDelayMs * 2, pollIntervalMs);
      } catch (error) {
        logger.error({ schema, err: error }, 'outbox relay pass failed; backing off');
        delayMs = errorDelayMs;
        errorDelayMs = Math.min(errorDelayMs * 2, errorDelayMaxMs);
      }
      await sleep(delayMs);
    }
  }

  return {
    start() {
      assert(running === undefined, `relay for ${schema} already started`);
      stopping = false;
      running = loop();
    },
    async stop() {
      stopping = true;
      interruptSleep?.();
      await running;
      running = undefined;
      await Promise.allSettled([...inFlight]);
    },
    async relayOnce() {
      return (await trackedPass()).published;
    },
    wake() {
      wakeRequested = true;
      interruptSleep?.();
    },
    async settle() {
      if (inFlight.size === 0) return false;
      await Promise.allSettled([...inFlight]);
      return true;
    },
  };
}
