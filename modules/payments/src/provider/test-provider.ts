import { setTimeout as delay } from 'node:timers/promises';
import type { Db } from '@mercato/platform/db';
import { type Clock, type IdGenerator, type Money, assert } from '@mercato/platform/kernel';
import { PaymentProviderUnavailable, testTokens } from '../contract.ts';
import {
  claimTestProviderOperation,
  findTestProviderAuthorization,
  type TestProviderOperationRow,
} from '../store/test-provider.ts';
import type {
  DeclineReason,
  PaymentProvider,
  ProviderAuthorization,
  ProviderOperation,
  ProviderOperationInput,
} from './port.ts';

export type TestProviderOptions = {
  readonly db: Db;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** How long `tok_slow` takes to answer (API.md: 2 s). */
  readonly slowDelayMs: number;
  /** Waits `ms`; tests may pass a faster or controllable one. */
  readonly sleep?: (ms: number) => Promise<void>;
};

/** What each test token of API.md does; an unknown token is declined. */
function declineReasonOf(token: string): DeclineReason | undefined {
  if (token === testTokens.approves || token === testTokens.slow) return undefined;
  if (token === testTokens.declined) return 'card_declined';
  if (token === testTokens.insufficientFunds) return 'insufficient_funds';
  return 'unknown_token';
}

/**
 * The built-in test provider. It behaves like a remote card processor that keeps its
 * own books: every call is idempotent by key, remembered in
 * `payments.test_provider_operations`, so a retry after a crash or restart answers
 * the first outcome. It never sees or keeps the token beyond choosing an outcome.
 */
export function createTestProvider(options: TestProviderOptions): PaymentProvider {
  const { db, clock, ids, slowDelayMs } = options;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));

  async function operation(
    kind: 'capture' | 'void' | 'refund',
    input: ProviderOperationInput,
    amount: Money | undefined,
  ): Promise<ProviderOperation> {
    const authorization = await findTestProviderAuthorization(db, input.authorizationReference);
    // Payments only calls this for authorizations it got from this provider.
    assert(authorization !== undefined, `test provider: no approved authorization ${input.authorizationReference}`);
    const row = await claimTestProviderOperation(
      db,
      {
        idempotency_key: input.idempotencyKey,
        kind,
        authorization_reference: input.authorizationReference,
        reference: ids.next('tpop'),
        outcome: 'approved',
        decline_reason: null,
        currency: amount?.currency ?? authorization.currency,
        amount: amount?.amount ?? authorization.amount,
      },
      clock.now(),
    );
    assert(
      row.kind === kind && row.authorization_reference === input.authorizationReference,
      'test provider: idempotency key reused for another operation',
    );
    return { reference: row.reference };
  }

  return {
    name: 'test',
    async authorize({ idempotencyKey, amount, token }): Promise<ProviderAuthorization> {
      if (token === testTokens.providerError)
        throw new PaymentProviderUnavailable('The payment provider answered 503.');
      if (token === testTokens.slow) await sleep(slowDelayMs);
      const reason = declineReasonOf(token);
      const reference = ids.next('tpauth');
      const row: TestProviderOperationRow = await claimTestProviderOperation(
        db,
        {
          idempotency_key: idempotencyKey,
          kind: 'authorization',
          authorization_reference: reference,
          reference,
          outcome: reason === undefined ? 'approved' : 'declined',
          decline_reason: reason ?? null,
          currency: amount.currency,
          amount: amount.amount,
        },
        clock.now(),
      );
      assert(row.kind === 'authorization', 'test provider: idempotency key reused for another operation');
      return row.outcome === 'approved'
        ? { outcome: 'approved', reference: row.reference }
        : { outcome: 'declined', reason: (row.decline_reason ?? 'card_declined') as DeclineReason };
    },
    capture: (input) => operation('capture', input, input.amount),
    void: (input) => operation('void', input, undefined),
    refund: (input) => operation('refund', input, input.amount),
  };
}
