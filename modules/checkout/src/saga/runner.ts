import { setTimeout as delay } from 'node:timers/promises';
import type { Db, Tx } from '@mercato/platform/db';
import { assert, backoffDelayMs, type Clock, type IdGenerator, type Result } from '@mercato/platform/kernel';
import { periodicJob } from '@mercato/platform/module';
import type { Logger } from 'pino';
import * as sagas from '../store/sagas.ts';
import type { Lease, SagaFailure, SagaRow } from '../store/sagas.ts';

export type { Lease, SagaFailure } from '../store/sagas.ts';

/** Outputs as the runner stores them (JSON in the saga row): what each step answered, by step name. */
type StoredOutputs = Readonly<Record<string, unknown>>;

/** No outputs: what the first step sees. */
type Nothing = Readonly<Record<never, never>>;

/**
 * What a step sees: the saga's context, what the steps before it answered (`Outputs`,
 * by step name: `outputs.cart`), and why it is compensating.
 */
export type SagaState<Context, Outputs = Nothing> = {
  readonly orderId: string;
  readonly context: Context;
  readonly outputs: Readonly<Outputs>;
  readonly failure: SagaFailure | null;
};

/**
 * One step: a forward action and its compensation. The forward action answers a Result
 * (a failure is a business outcome: the saga turns around) or throws (an I/O failure:
 * retried with backoff). What it answers is persisted under its `name` before the saga
 * moves on, is handed to the compensation, and is seen by later steps that name it in
 * `Needs` (say `{ cart: PricedCart }`). Both are called with an idempotency key,
 * `${orderId}:${step}` and `${orderId}:${step}:compensate`, so a step run again after a
 * crash has no second effect.
 */
export type SagaStep<Context, Name extends string, Output, Needs = Nothing> = {
  readonly name: Name;
  readonly run: (state: SagaState<Context, Needs>, key: string) => Promise<Result<Output, string>>;
  /** Local writes committed in the same transaction as the step's recorded outcome. */
  readonly record?: (tx: Tx, state: SagaState<Context, Needs>, output: Output) => Promise<void>;
  /** Undoes `run`; `output` is undefined when `run` never finished (it may still have had an effect). */
  readonly compensate: (state: SagaState<Context, Needs>, output: Output | undefined, key: string) => Promise<void>;
  /** The failure code when the step's I/O failures outlast every retry. */
  readonly unavailableCode: string;
};

/** A step as the runner holds it: it reads outputs as stored. */
type StoredStep<Context> = SagaStep<Context, string, unknown, StoredOutputs>;

/** Stands in for a step that reads an output no earlier step answers: the definition does not compile. */
type NeedsAnEarlierStep<Name extends string, Needs> = { readonly stepOutOfOrder: Name; readonly needs: Needs };
/** Stands in for a second step of the same name (the second would overwrite the first's output). */
type NameTaken<Name extends string> = { readonly stepNameTaken: Name };

/**
 * `Steps` when each step needs only what the steps before it answered and no name is
 * taken twice; otherwise the first offending step's type is replaced by one that says
 * why, so the definition fails to compile at that step.
 */
type InOrder<Context, Steps extends readonly unknown[], Answered> = Steps extends readonly [infer First, ...infer Rest]
  ? First extends SagaStep<Context, infer Name, infer Output, infer Needs>
    ? Name extends keyof Answered
      ? readonly [NameTaken<Name>, ...Rest]
      : [Answered] extends [Needs]
        ? readonly [First, ...InOrder<Context, Rest, Answered & Readonly<Record<Name, Output>>>]
        : readonly [NeedsAnEarlierStep<Name, Needs>, ...Rest]
    : readonly [never, ...Rest]
  : readonly [];

/** What all of `Steps` answer, by step name. */
type OutputsOf<Steps extends readonly unknown[]> = Steps extends readonly [infer First, ...infer Rest]
  ? (First extends SagaStep<infer _Context, infer Name, infer Output, infer _Needs>
      ? Readonly<Record<Name, Output>>
      : Nothing) &
      OutputsOf<Rest>
  : Nothing;

/** A saga as written: its steps in the order they run (the compiler checks the order). */
export type SagaPlan<Context, Steps extends readonly unknown[], Input> = {
  readonly name: string;
  readonly steps: Steps;
  /**
   * Reads the context the steps work with: the order, and the input the saga was
   * stored with (null once the saga ended: a reopened saga gets no input back).
   */
  readonly load: (orderId: string, input: Input | null) => Promise<Context>;
  /**
   * Steps that cannot be undone: I/O failures are retried until they pass (each pass
   * bounded, then left to the recovery poller), never turned into a compensation.
   */
  readonly forwardOnly?: boolean;
  /**
   * Local writes committed with the saga's end (the order's status and event). It sees
   * what the steps answered: all of them when completed, those that ran when compensated.
   */
  readonly finished: (
    tx: Tx,
    state: SagaState<Context, Partial<OutputsOf<Steps>>>,
    end: 'completed' | 'compensated',
  ) => Promise<void>;
};

/** A saga as the runner holds it: steps read outputs as stored. */
export type SagaDefinition<Context> = {
  readonly name: string;
  readonly steps: readonly StoredStep<Context>[];
  readonly load: (orderId: string, input: unknown) => Promise<Context>;
  readonly forwardOnly?: boolean;
  readonly finished: (
    tx: Tx,
    state: SagaState<Context, StoredOutputs>,
    end: 'completed' | 'compensated',
  ) => Promise<void>;
};

/**
 * A saga from its plan. The plan's types promise that each step reads only outputs of
 * the steps before it; the runner keeps that promise by running steps in order and
 * handing each one the outputs recorded so far (JSON as stored, the same on a fresh
 * run and a resumed one). So this is the one place where stored outputs, and the
 * stored input the service wrote when it started the saga, are taken to have the
 * types the plan declares.
 */
export function defineSaga<Context, const Steps extends readonly unknown[], Input = unknown>(
  plan: SagaPlan<Context, Steps, Input> & { readonly steps: InOrder<Context, Steps, Nothing> },
): SagaDefinition<Context> {
  const definition = plan as unknown as SagaDefinition<Context>;
  const names = definition.steps.map((step) => step.name);
  assert(new Set(names).size === names.length, `saga ${plan.name} names a step twice: ${names.join(', ')}`);
  return definition;
}

// Definitions differ in their context type; the registry treats them alike.
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous saga definitions
export type AnySaga = SagaDefinition<any>;

/** How a run ended: the saga's end, or why this runner let go of it. */
export type SagaEnd = 'completed' | 'compensated' | 'deferred' | 'lost' | 'stopped';

export type RunnerSettings = {
  readonly stepAttemptsMax: number;
  readonly retryBaseDelayMs: number;
  readonly retryDelayMaxMs: number;
  readonly leaseMs: number;
};

export type RunnerOptions = {
  readonly db: Db;
  readonly clock: Clock;
  /** Random lease owners come from here. */
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly settings: RunnerSettings;
};

/**
 * The debug lines that trace a saga step by step, each with `orderId`, `saga` and
 * `step`: a step's participant answered (not yet persisted), its outcome was recorded,
 * its compensation was recorded. Crash tests stop a saga at each of these points.
 */
export const sagaProgress = {
  answered: 'saga step answered',
  recorded: 'saga step recorded',
  compensated: 'saga step compensated',
} as const;

/** Where one run is: mirrors the saga row, kept in memory between steps. */
type Walk<Context> = {
  status: 'running' | 'compensating';
  index: number;
  attempts: number;
  outputs: Record<string, unknown>;
  failure: SagaFailure | null;
  readonly context: Context;
};

type Next = 'continue' | SagaEnd;

/** More than any saga needs: steps × (tries + compensation tries). */
const iterationsMax = 1000;

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** The promise `defineSaga` relies on: a step runs (or is undone) only after every step before it answered. */
function assertEarlierOutputs(definition: AnySaga, orderId: string, index: number, outputs: StoredOutputs): void {
  const missing = definition.steps.slice(0, index).find((earlier) => !Object.hasOwn(outputs, earlier.name));
  assert(
    missing === undefined,
    `saga ${definition.name} of ${orderId} reached step ${index} without the output of ${missing?.name}`,
  );
}

/** A JSON round trip, so a fresh run sees outputs exactly as a resumed run reads them back. */
function asStored(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

/**
 * Runs sagas step by step: persists each outcome before moving on, retries I/O failures
 * with bounded exponential backoff, compensates in reverse on a business failure (or
 * when retries run out), and holds each saga with a renewed lease so that a saga whose
 * process died is taken over by `resumeAbandoned` once the lease expires.
 */
export function createSagaRunner(options: RunnerOptions) {
  const { db, clock, logger, settings } = options;
  const inFlight = new Set<Promise<SagaEnd>>();
  const stopping = new AbortController();

  const now = () => clock.now();
  const later = (ms: number) => new Date(now().getTime() + ms);
  // Unique per claim, across every process that shares the database.
  const leaseOwner = () => Buffer.from(options.ids.random(16)).toString('hex');
  const keyOf = (lease: Lease, name: string) => `${lease.orderId}:${name}`;

  /** Renews the lease every third of its length while a run holds it; `state.lost` once another runner has it. */
  function heartbeat(lease: Lease) {
    const state = { lost: false };
    const renewal = periodicJob(
      'saga lease renewal',
      async () => {
        try {
          if (!(await sagas.renewLease(db, lease, later(settings.leaseMs)))) state.lost = true;
        } catch (error) {
          logger.warn({ err: error, orderId: lease.orderId }, 'could not renew a saga lease');
        }
      },
      Math.max(50, Math.floor(settings.leaseMs / 3)),
      logger,
    );
    renewal.start();
    return { state, stop: () => renewal.stop() };
  }

  async function turnAround<C>(
    definition: SagaDefinition<C>,
    lease: Lease,
    walk: Walk<C>,
    failure: SagaFailure,
    stepsToUndo: number,
  ): Promise<Next> {
    const step = definition.steps[stepsToUndo - 1]?.name ?? null;
    if (!(await sagas.startCompensating(db, lease, { stepsToUndo, step, failure }, now()))) return 'lost';
    logger.info({ orderId: lease.orderId, saga: definition.name, code: failure.code }, 'saga compensating');
    walk.status = 'compensating';
    walk.index = stepsToUndo;
    walk.attempts = 0;
    walk.failure = failure;
    return 'continue';
  }

  /** An exception from a step or compensation: try again after a backoff, or give up this way. */
  async function ioFailure<C>(
    definition: SagaDefinition<C>,
    lease: Lease,
    walk: Walk<C>,
    name: string,
    error: unknown,
  ): Promise<Next> {
    walk.attempts += 1;
    const waitMs = backoffDelayMs(walk.attempts, {
      baseMs: settings.retryBaseDelayMs,
      maxMs: settings.retryDelayMaxMs,
    });
    logger.warn(
      { orderId: lease.orderId, saga: definition.name, step: name, attempts: walk.attempts, err: error },
      'saga step failed',
    );
    if (walk.status === 'running' && definition.forwardOnly !== true && walk.attempts >= settings.stepAttemptsMax) {
      const step = definition.steps[walk.index]!;
      const failure = { code: step.unavailableCode, message: `${name} kept failing: ${messageOf(error)}` };
      // The step may have had its effect before failing: it is compensated too.
      return turnAround(definition, lease, walk, failure, walk.index + 1);
    }
    const nextAttemptAt = later(waitMs);
    const recorded = await sagas.recordAttempt(
      db,
      lease,
      { attempts: walk.attempts, nextAttemptAt, error: messageOf(error) },
      now(),
    );
    if (!recorded) return 'lost';
    // Compensations (and forward-only steps) never give up, but each pass is bounded:
    // then the recovery poller retries later.
    const persistent = walk.status === 'compensating' || definition.forwardOnly === true;
    if (persistent && walk.attempts % settings.stepAttemptsMax === 0) {
      await sagas.releaseLease(db, lease, nextAttemptAt);
      return 'deferred';
    }
    try {
      await delay(waitMs, undefined, { signal: stopping.signal });
    } catch {
      await sagas.releaseLease(db, lease, now());
      return 'stopped';
    }
    return 'continue';
  }

  async function forward<C>(definition: SagaDefinition<C>, lease: Lease, walk: Walk<C>): Promise<Next> {
    const step = definition.steps[walk.index]!;
    assertEarlierOutputs(definition, lease.orderId, walk.index, walk.outputs);
    const state: SagaState<C, StoredOutputs> = {
      orderId: lease.orderId,
      context: walk.context,
      outputs: walk.outputs,
      failure: null,
    };
    let result: Result<unknown, string>;
    try {
      result = await step.run(state, keyOf(lease, step.name));
    } catch (error) {
      return ioFailure(definition, lease, walk, step.name, error);
    }
    const progress = { orderId: lease.orderId, saga: definition.name, step: step.name };
    logger.debug({ ...progress, outcome: result.ok ? 'ok' : result.code }, sagaProgress.answered);
    if (!result.ok) {
      const failure = {
        code: result.code,
        message: result.message,
        ...(result.details ? { details: { ...result.details } } : {}),
      };
      return turnAround(definition, lease, walk, failure, walk.index + 1);
    }
    const output = asStored(result.value);
    const last = walk.index === definition.steps.length - 1;
    const next: SagaState<C, StoredOutputs> = { ...state, outputs: { ...walk.outputs, [step.name]: output } };
    const persisted = await db.transaction(async (tx) => {
      const at = {
        index: walk.index,
        name: step.name,
        output,
        nextStep: definition.steps[walk.index + 1]?.name ?? null,
      };
      if (!(await sagas.recordStep(tx, lease, at, now()))) return false;
      await step.record?.(tx, next, output);
      if (last) {
        assert(await sagas.finishSaga(tx, lease, 'completed', now()), 'a saga held by its runner could not finish');
        await definition.finished(tx, next, 'completed');
      }
      return true;
    });
    if (!persisted) return 'lost';
    walk.outputs = { ...next.outputs };
    walk.index += 1;
    walk.attempts = 0;
    logger.debug(progress, sagaProgress.recorded);
    return last ? 'completed' : 'continue';
  }

  async function backward<C>(definition: SagaDefinition<C>, lease: Lease, walk: Walk<C>): Promise<Next> {
    const state: SagaState<C, StoredOutputs> = {
      orderId: lease.orderId,
      context: walk.context,
      outputs: walk.outputs,
      failure: walk.failure,
    };
    const index = walk.index - 1;
    const step = definition.steps[index];
    if (step !== undefined) {
      assertEarlierOutputs(definition, lease.orderId, index, walk.outputs);
      try {
        await step.compensate(state, walk.outputs[step.name] ?? undefined, keyOf(lease, `${step.name}:compensate`));
      } catch (error) {
        return ioFailure(definition, lease, walk, `${step.name}:compensate`, error);
      }
    }
    const persisted = await db.transaction(async (tx) => {
      if (step !== undefined) {
        const previous = definition.steps[index - 1]?.name ?? null;
        if (!(await sagas.recordCompensated(tx, lease, index, previous, now()))) return false;
      }
      if (index <= 0) {
        if (!(await sagas.finishSaga(tx, lease, 'compensated', now()))) return false;
        await definition.finished(tx, state, 'compensated');
      }
      return true;
    });
    if (!persisted) return 'lost';
    walk.index = Math.max(0, index);
    walk.attempts = 0;
    if (step !== undefined)
      logger.debug({ orderId: lease.orderId, saga: definition.name, step: step.name }, sagaProgress.compensated);
    return index <= 0 ? 'compensated' : 'continue';
  }

  async function execute<C>(definition: SagaDefinition<C>, lease: Lease, row: SagaRow): Promise<SagaEnd> {
    assert(
      row.status === 'running' || row.status === 'compensating',
      `saga ${row.saga} of ${row.order_id} is ${row.status}`,
    );
    const beat = heartbeat(lease);
    try {
      const walk: Walk<C> = {
        status: row.status,
        index: row.step_index,
        attempts: row.attempts,
        outputs: { ...row.outputs },
        failure: row.failure,
        context: await definition.load(row.order_id, row.input),
      };
      for (let iteration = 0; iteration < iterationsMax; iteration++) {
        if (beat.state.lost) return 'lost';
        if (stopping.signal.aborted) {
          await sagas.releaseLease(db, lease, now());
          return 'stopped';
        }
        const next =
          walk.status === 'running' ? await forward(definition, lease, walk) : await backward(definition, lease, walk);
        if (next !== 'continue') return next;
      }
      throw new Error(`saga ${definition.name} of ${lease.orderId} did not end within ${iterationsMax} iterations`);
    } finally {
      await beat.stop();
    }
  }

  /** Runs a saga this runner holds; never rejects (a failure leaves the saga to the recovery poller). */
  function run(definition: AnySaga, lease: Lease): Promise<SagaEnd> {
    const running = (async (): Promise<SagaEnd> => {
      const row = await sagas.findSaga(db, lease.orderId, lease.saga);
      if (row === undefined || row.lease_owner !== lease.owner) return 'lost';
      return execute(definition, lease, row);
    })().catch(async (error: unknown): Promise<SagaEnd> => {
      logger.error(
        { err: error, orderId: lease.orderId, saga: lease.saga },
        'saga run failed; the recovery poller will resume it',
      );
      await sagas.releaseLease(db, lease, later(settings.retryBaseDelayMs)).catch(() => undefined);
      return 'deferred';
    });
    inFlight.add(running);
    void running.finally(() => inFlight.delete(running));
    return running;
  }

  return {
    /** A fresh claim on a saga, for a saga row about to be written or reopened. */
    newLease(orderId: string, saga: string): Lease {
      return { orderId, saga, owner: leaseOwner() };
    },
    leaseExpiresAt: () => later(settings.leaseMs),
    run,

    /** Takes over up to `limit` sagas whose runner died or let go, and runs them to their end. */
    async resumeAbandoned(definitions: Readonly<Record<string, AnySaga>>, limit: number): Promise<number> {
      if (stopping.signal.aborted) return 0;
      const runs: Promise<SagaEnd>[] = [];
      for (const candidate of await sagas.findAbandoned(db, now(), limit)) {
        // `fulfill_order:ful_…` is one run of the `fulfill_order` definition (one per parcel).
        const definition = definitions[candidate.saga] ?? definitions[candidate.saga.split(':')[0] ?? ''];
        assert(definition !== undefined, `no definition of saga ${candidate.saga}`);
        const lease = { orderId: candidate.order_id, saga: candidate.saga, owner: leaseOwner() };
        if ((await sagas.claimAbandoned(db, lease, now(), later(settings.leaseMs))) === undefined) continue;
        logger.info({ orderId: lease.orderId, saga: lease.saga }, 'resuming an abandoned saga');
        runs.push(run(definition, lease));
      }
      await Promise.all(runs);
      return runs.length;
    },

    /** Lets running sagas stop at their next step boundary (they let go of their lease), waiting at most `timeoutMs`. */
    async stop(timeoutMs: number): Promise<void> {
      stopping.abort();
      const settled = Promise.allSettled([...inFlight]);
      await Promise.race([settled, delay(timeoutMs, undefined, { ref: false })]);
    },
  };
}

export type SagaRunner = ReturnType<typeof createSagaRunner>;
