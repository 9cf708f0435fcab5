import { expect, type JsonRequest, send } from '../client.ts';
import { snapshotServer } from '../server-stats.ts';
import { checkoutBody, idempotencyKey, pairOf } from './checkout-plan.ts';
import type { FlowPlan } from './checkout-flow.ts';

/**
 * Where a checkout's time goes on a quiet server: one buyer at a time, the server's
 * query count read from /metrics around every request, and what the server does
 * with no request at all (its background work: outbox relays, pollers, sweepers).
 */

export type StepCost = {
  readonly step: string;
  readonly requests: number;
  readonly meanMs: number;
  /** Database queries the server ran while the request was served, per request. */
  readonly queries: number;
};

export type SequenceProfile = {
  readonly steps: readonly StepCost[];
  /**
   * Queries in the `afterMs` after each checkout's answer, beyond the idle rate: the
   * work its events set off (outbox relays publishing, consumers such as the catalog's
   * stock read model and notifications).
   */
  readonly afterAnswer: { readonly afterMs: number; readonly queries: number };
  /** Queries per second of an idle server: background work that competes with requests for the database. */
  readonly idleQueriesPerSecond: number;
  readonly idleCpuPercent: number | null;
  /** Checkouts placed by the profile, its unmeasured ones included (for the stock check). */
  readonly placed: number;
};

const idleWindowMs = 2_000;
const afterAnswerMs = 300;
/** Unmeasured checkouts before the profiled ones. */
export const profileWarmups = 5;

type Tracker = Map<string, { requests: number; totalMs: number; queries: number }>;

async function measured(
  plan: FlowPlan,
  pid: number | undefined,
  tracker: Tracker,
  step: string,
  request: JsonRequest,
  ok: number,
) {
  const before = await snapshotServer(plan.baseUrl, pid);
  const answer = await send(plan.baseUrl, request);
  const after = await snapshotServer(plan.baseUrl, pid);
  if (answer.status !== ok)
    throw new Error(`profile: ${request.method} ${request.path} answered ${answer.status} ${answer.code ?? ''}`);
  const entry = tracker.get(step) ?? { requests: 0, totalMs: 0, queries: 0 };
  entry.requests += 1;
  entry.totalMs += answer.ms;
  entry.queries += after.dbQueries - before.dbQueries;
  tracker.set(step, entry);
  return answer.body;
}

async function profiledSequence(
  plan: FlowPlan,
  pid: number | undefined,
  tracker: Tracker,
  index: number,
): Promise<number> {
  const cart = (await measured(
    plan,
    pid,
    tracker,
    'POST /api/carts',
    { method: 'POST', path: '/api/carts', body: {} },
    201,
  )) as { id: string };
  for (const variantIndex of pairOf(index, plan.variants.length)) {
    const body = { variantId: plan.variants[variantIndex]!.variantId, quantity: 1 };
    await measured(
      plan,
      pid,
      tracker,
      'POST /api/carts/{id}/items',
      { method: 'POST', path: `/api/carts/${cart.id}/items`, body },
      200,
    );
  }
  const headers = { 'idempotency-key': idempotencyKey(plan.runId, index) };
  await measured(
    plan,
    pid,
    tracker,
    'POST /api/checkout',
    { method: 'POST', path: '/api/checkout', headers, body: checkoutBody(cart.id, index) },
    201,
  );
  // What the checkout's events set off lands here, not in the next sequence's first request.
  const before = await snapshotServer(plan.baseUrl, pid);
  await new Promise((wake) => setTimeout(wake, afterAnswerMs));
  const after = await snapshotServer(plan.baseUrl, pid);
  return after.dbQueries - before.dbQueries;
}

/** Runs `sequences` checkouts one by one (numbers from `next()`), after a few unmeasured ones. */
export async function profileSequence(
  plan: FlowPlan,
  pid: number | undefined,
  sequences: number,
  next: () => number,
): Promise<SequenceProfile> {
  await expect(plan.baseUrl, { method: 'GET', path: '/healthz' }, 200);
  const idleBefore = await snapshotServer(plan.baseUrl, pid);
  await new Promise((wake) => setTimeout(wake, idleWindowMs));
  const idleAfter = await snapshotServer(plan.baseUrl, pid);
  const idleSeconds = (idleAfter.atMs - idleBefore.atMs) / 1000;

  const discarded: Tracker = new Map();
  for (let done = 0; done < profileWarmups; done += 1) await profiledSequence(plan, pid, discarded, next());
  const tracker: Tracker = new Map();
  let afterQueries = 0;
  for (let done = 0; done < sequences; done += 1) afterQueries += await profiledSequence(plan, pid, tracker, next());
  const round1 = (value: number) => Math.round(value * 10) / 10;
  const idleQueriesPerSecond = (idleAfter.dbQueries - idleBefore.dbQueries) / idleSeconds;
  return {
    afterAnswer: {
      afterMs: afterAnswerMs,
      queries: round1(
        Math.max(0, afterQueries / Math.max(1, sequences) - (idleQueriesPerSecond * afterAnswerMs) / 1000),
      ),
    },
    steps: [...tracker].map(([step, entry]) => ({
      step,
      requests: entry.requests,
      meanMs: Math.round((entry.totalMs / entry.requests) * 100) / 100,
      queries: round1(entry.queries / entry.requests),
    })),
    idleQueriesPerSecond: round1(idleQueriesPerSecond),
    idleCpuPercent:
      idleBefore.cpuSeconds === null || idleAfter.cpuSeconds === null
        ? null
        : round1(((idleAfter.cpuSeconds - idleBefore.cpuSeconds) / idleSeconds) * 100),
    // A checkout not answered 201 throws above, so every one was placed.
    placed: profileWarmups + sequences,
  };
}
