/** The checkout module's configuration, read once by the app and passed down frozen. */
export type CheckoutConfig = {
  /** How long `POST /api/checkout` waits for the saga before answering 202 with a pending order. */
  readonly requestBudgetMs: number;
  /** Tries of one saga step (or compensation, per pass) before giving up on I/O failures. */
  readonly stepAttemptsMax: number;
  /** Backoff before retry n is `retryBaseDelayMs × 2^(n-1)`, at most `retryDelayMaxMs`. */
  readonly retryBaseDelayMs: number;
  readonly retryDelayMaxMs: number;
  /** How often the recovery poller looks for sagas whose runner died; 0 turns it off. */
  readonly recoveryIntervalMs: number;
  /** Sagas one recovery pass takes over at most. */
  readonly recoveryBatchSize: number;
  /** How long a runner holds a saga without renewing; renewed every third of it while running. */
  readonly leaseMs: number;
  /** How often orphaned authorizations are looked for; 0 turns the job off. */
  readonly reconciliationIntervalMs: number;
  /** An authorization without a placed order is voided once it is this old. */
  readonly authorizationOrphanAfterMs: number;
  /** Authorizations one reconciliation pass looks at, at most. */
  readonly reconciliationBatchSize: number;
  /** How long stock stays reserved for an order that is not placed yet. */
  readonly reservationTtlMs: number;
  /** How long `stop()` waits for running sagas to reach a step boundary. */
  readonly stopTimeoutMs: number;
  /** How long after delivery a customer may ask to return items. */
  readonly returnWindowMs: number;
  /** A refund still pending this long (its request died) is settled by the recovery pass. */
  readonly refundRecoveryAfterMs: number;
};

export const checkoutDefaults: CheckoutConfig = Object.freeze({
  requestBudgetMs: 1500,
  stepAttemptsMax: 4,
  retryBaseDelayMs: 100,
  retryDelayMaxMs: 30_000,
  recoveryIntervalMs: 2000,
  recoveryBatchSize: 50,
  leaseMs: 10_000,
  reconciliationIntervalMs: 60_000,
  authorizationOrphanAfterMs: 15 * 60_000,
  reconciliationBatchSize: 100,
  reservationTtlMs: 15 * 60_000,
  stopTimeoutMs: 5000,
  returnWindowMs: 30 * 24 * 60 * 60_000,
  refundRecoveryAfterMs: 60_000,
});

const dayMs = 24 * 60 * 60_000;

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`checkout.${name} must be an integer from ${min} to ${max}: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Fills gaps with defaults and refuses nonsense at boot (fail fast). */
export function checkConfig(config: Partial<CheckoutConfig>): CheckoutConfig {
  const merged = { ...checkoutDefaults, ...config };
  const checked: CheckoutConfig = {
    requestBudgetMs: integerIn('requestBudgetMs', merged.requestBudgetMs, 1, 60_000),
    stepAttemptsMax: integerIn('stepAttemptsMax', merged.stepAttemptsMax, 1, 20),
    retryBaseDelayMs: integerIn('retryBaseDelayMs', merged.retryBaseDelayMs, 1, 60_000),
    retryDelayMaxMs: integerIn('retryDelayMaxMs', merged.retryDelayMaxMs, 1, dayMs),
    recoveryIntervalMs: integerIn('recoveryIntervalMs', merged.recoveryIntervalMs, 0, dayMs),
    recoveryBatchSize: integerIn('recoveryBatchSize', merged.recoveryBatchSize, 1, 500),
    leaseMs: integerIn('leaseMs', merged.leaseMs, 100, dayMs),
    reconciliationIntervalMs: integerIn('reconciliationIntervalMs', merged.reconciliationIntervalMs, 0, dayMs),
    authorizationOrphanAfterMs: integerIn(
      'authorizationOrphanAfterMs',
      merged.authorizationOrphanAfterMs,
      0,
      7 * dayMs,
    ),
    reconciliationBatchSize: integerIn('reconciliationBatchSize', merged.reconciliationBatchSize, 1, 500),
    reservationTtlMs: integerIn('reservationTtlMs', merged.reservationTtlMs, 1000, 7 * dayMs),
    stopTimeoutMs: integerIn('stopTimeoutMs', merged.stopTimeoutMs, 0, 60_000),
    returnWindowMs: integerIn('returnWindowMs', merged.returnWindowMs, 0, 3650 * dayMs),
    refundRecoveryAfterMs: integerIn('refundRecoveryAfterMs', merged.refundRecoveryAfterMs, 0, dayMs),
  };
  if (checked.retryDelayMaxMs < checked.retryBaseDelayMs)
    throw new Error('checkout.retryDelayMaxMs must be at least retryBaseDelayMs');
  return Object.freeze(checked);
}
