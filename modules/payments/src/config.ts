/** The payments module's configuration, read once by the app and passed down frozen. */
export type PaymentsConfig = {
  /** Which provider answers. Only the built-in test provider exists so far. */
  readonly provider: 'test';
  readonly testProvider: {
    /** How long `tok_slow` takes to answer (API.md: 2 s). */
    readonly slowDelayMs: number;
  };
  /** Largest amount one payment may authorize, in minor units. */
  readonly amountMax: number;
};

export const paymentsDefaults: PaymentsConfig = Object.freeze({
  provider: 'test',
  testProvider: Object.freeze({ slowDelayMs: 2000 }),
  amountMax: 100_000_000,
});

/** Fills the gaps with defaults and refuses what cannot work, at boot. */
export function checkPaymentsConfig(config: Partial<PaymentsConfig> | undefined): PaymentsConfig {
  const merged: PaymentsConfig = {
    ...paymentsDefaults,
    ...config,
    testProvider: { ...paymentsDefaults.testProvider, ...config?.testProvider },
  };
  if (merged.provider !== 'test') throw new Error(`payments.provider must be 'test': ${String(merged.provider)}`);
  const { slowDelayMs } = merged.testProvider;
  if (!Number.isSafeInteger(slowDelayMs) || slowDelayMs < 0 || slowDelayMs > 60_000) {
    throw new Error('payments.testProvider.slowDelayMs must be an integer from 0 to 60000');
  }
  if (!Number.isSafeInteger(merged.amountMax) || merged.amountMax < 1)
    throw new Error('payments.amountMax must be a positive integer');
  return Object.freeze(merged);
}
