import { type Answer, answerKey, countInto, type JsonRequest, send, type Tally } from '../client.ts';
import { type LatencyRecorder, type LatencySummary, latencyRecorder } from '../stats.ts';
import { checkoutBody, idempotencyKey, pairOf, type SampledVariant } from './checkout-plan.ts';

/**
 * One buyer's checkout as a guest: create a cart, add two variants (one request
 * each), check out with `tok_visa` and a fresh Idempotency-Key; and the figures a
 * run of many of them adds up to.
 */

export type Step = 'cart' | 'items' | 'checkout';

export type FlowRecorder = {
  /** The whole sequence, for sequences that got an answer to their checkout. */
  readonly sequence: LatencyRecorder;
  /** `POST /api/checkout` alone. */
  readonly checkout: LatencyRecorder;
  /** Answers per step, by status and error code (`201`, `409 insufficient_stock`, `0 timeout`). */
  readonly answers: Record<Step, Tally>;
};

export type FlowFigures = {
  readonly sequences: number;
  /** Checkouts answered 201: placed orders. */
  readonly placed: number;
  /** Checkouts answered 202: the saga had not finished within the request's budget. */
  readonly pending: number;
  /** Requests that got no answer (connection errors, timeouts), every step. */
  readonly errors: number;
  /** Answers other than 2xx, every step. */
  readonly non2xx: number;
  readonly sequenceLatency: LatencySummary;
  readonly checkoutLatency: LatencySummary;
  readonly answers: Readonly<Record<Step, Tally>>;
  /** Non-2xx answers and errors by step, status and code: `checkout 409 insufficient_stock`. */
  readonly refusals: Tally;
};

export type FlowPlan = {
  readonly baseUrl: string;
  readonly variants: readonly SampledVariant[];
  readonly runId: string;
};

export function flowRecorder(): FlowRecorder {
  return { sequence: latencyRecorder(), checkout: latencyRecorder(), answers: { cart: {}, items: {}, checkout: {} } };
}

async function step(
  plan: FlowPlan,
  recorder: FlowRecorder,
  name: Step,
  request: JsonRequest,
  ok: number,
): Promise<Answer | undefined> {
  const answer = await send(plan.baseUrl, request);
  countInto(recorder.answers[name], answerKey(answer));
  return answer.status === ok ? answer : undefined;
}

/** Checkout number `index` (its two variants follow from it); a refused step ends the sequence. */
export async function buyOnce(plan: FlowPlan, recorder: FlowRecorder, index: number): Promise<void> {
  const startedMs = performance.now();
  const created = await step(plan, recorder, 'cart', { method: 'POST', path: '/api/carts', body: {} }, 201);
  if (created === undefined) return;
  const cartId = (created.body as { id: string }).id;
  for (const variantIndex of pairOf(index, plan.variants.length)) {
    const body = { variantId: plan.variants[variantIndex]!.variantId, quantity: 1 };
    const added = await step(
      plan,
      recorder,
      'items',
      { method: 'POST', path: `/api/carts/${cartId}/items`, body },
      200,
    );
    if (added === undefined) return;
  }
  const headers = { 'idempotency-key': idempotencyKey(plan.runId, index) };
  const answer = await send(plan.baseUrl, {
    method: 'POST',
    path: '/api/checkout',
    headers,
    body: checkoutBody(cartId, index),
  });
  countInto(recorder.answers.checkout, answerKey(answer));
  if (answer.status === 0) return;
  recorder.checkout.record(answer.ms);
  recorder.sequence.record(performance.now() - startedMs);
}

/** Adds up a recorder: pure, tested in checkout-flow.test.ts. */
export function flowFigures(recorder: FlowRecorder): FlowFigures {
  let errors = 0;
  let non2xx = 0;
  const refusals: Tally = {};
  for (const [name, tally] of Object.entries(recorder.answers)) {
    for (const [key, count] of Object.entries(tally)) {
      const status = Number(key.split(' ')[0]);
      if (status === 0) errors += count;
      else if (status < 200 || status > 299) non2xx += count;
      else continue;
      countInto(refusals, `${name} ${key}`, count);
    }
  }
  const checkout = recorder.answers.checkout;
  return {
    sequences: recorder.sequence.summary().count,
    placed: checkout['201'] ?? 0,
    pending: checkout['202'] ?? 0,
    errors,
    non2xx,
    sequenceLatency: recorder.sequence.summary(),
    checkoutLatency: recorder.checkout.summary(),
    answers: recorder.answers,
    refusals,
  };
}
