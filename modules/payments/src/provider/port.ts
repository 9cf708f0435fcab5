import type { Money } from '@mercato/platform/kernel';

/**
 * A payment provider (the built-in test provider; a card processor later). Every call
 * carries the caller's idempotency key and is idempotent by it on the provider's side:
 * the same key again answers the first outcome and moves no money twice.
 *
 * A provider that cannot be reached, times out or answers 5xx throws
 * `PaymentProviderUnavailable` (contract.ts): retryable with the same key. Capture,
 * void and refund of an authorization the provider approved do not decline; anything
 * else the provider refuses is a bug on our side and surfaces as a thrown error.
 */
export interface PaymentProvider {
  /** Stored on each payment: which provider holds it. */
  readonly name: string;
  authorize(input: {
    readonly idempotencyKey: string;
    readonly amount: Money;
    /** Passed through, never stored or logged. */
    readonly token: string;
  }): Promise<ProviderAuthorization>;
  capture(input: ProviderOperationInput & { readonly amount: Money }): Promise<ProviderOperation>;
  void(input: ProviderOperationInput): Promise<ProviderOperation>;
  refund(input: ProviderOperationInput & { readonly amount: Money }): Promise<ProviderOperation>;
}

export type DeclineReason = 'card_declined' | 'insufficient_funds' | 'unknown_token';

export type ProviderAuthorization =
  | { readonly outcome: 'approved'; readonly reference: string }
  | { readonly outcome: 'declined'; readonly reason: DeclineReason };

export type ProviderOperationInput = {
  readonly idempotencyKey: string;
  /** The provider's reference of the authorization. */
  readonly authorizationReference: string;
};

export type ProviderOperation = { readonly reference: string };
