import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';

const dayMs = 24 * 60 * 60_000;

/** The checkout section of the app's configuration; every field has a default. */
export const CheckoutConfigSchema = Type.Object(
  {
    /** How long `POST /api/checkout` waits for the saga before answering 202 with a pending order. */
    requestBudgetMs: Type.Integer({ minimum: 1, maximum: 60_000, default: 1500 }),
    /** Tries of one saga step (or compensation, per pass) before giving up on I/O failures. */
    stepAttemptsMax: Type.Integer({ minimum: 1, maximum: 20, default: 4 }),
    /** Backoff before retry n is `retryBaseDelayMs × 2^(n-1)`, at most `retryDelayMaxMs`. */
    retryBaseDelayMs: Type.Integer({ minimum: 1, maximum: 60_000, default: 100 }),
    retryDelayMaxMs: Type.Integer({ minimum: 1, maximum: dayMs, default: 30_000 }),
    /** How often the recovery poller looks for sagas whose runner died; 0 turns it off. */
    recoveryIntervalMs: Type.Integer({ minimum: 0, maximum: dayMs, default: 2000 }),
    /** Sagas one recovery pass takes over at most. */
    recoveryBatchSize: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    /** How long a runner holds a saga without renewing; renewed every third of it while running. */
    leaseMs: Type.Integer({ minimum: 100, maximum: dayMs, default: 10_000 }),
    /** How often orphaned authorizations are looked for; 0 turns the job off. */
    reconciliationIntervalMs: Type.Integer({ minimum: 0, maximum: dayMs, default: 60_000 }),
    /** An authorization without a placed order is voided once it is this old. */
    authorizationOrphanAfterMs: Type.Integer({ minimum: 0, maximum: 7 * dayMs, default: 15 * 60_000 }),
    /** Authorizations one reconciliation pass looks at, at most. */
    reconciliationBatchSize: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
    /** How long stock stays reserved for an order that is not placed yet. */
    reservationTtlMs: Type.Integer({ minimum: 1000, maximum: 7 * dayMs, default: 15 * 60_000 }),
    /** How long `stop()` waits for running sagas to reach a step boundary. */
    stopTimeoutMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 5000 }),
    /** How long after delivery a customer may ask to return items. */
    returnWindowMs: Type.Integer({ minimum: 0, maximum: 3650 * dayMs, default: 30 * dayMs }),
    /** A refund still pending this long (its request died) is settled by the recovery pass. */
    refundRecoveryAfterMs: Type.Integer({ minimum: 0, maximum: dayMs, default: 60_000 }),
  },
  { additionalProperties: false },
);

/** The checkout module's configuration, read once by the app and passed down frozen. */
export type CheckoutConfig = ConfigOf<typeof CheckoutConfigSchema>;

/** Fills gaps with defaults and refuses nonsense at boot (fail fast), naming the field. */
export function parseCheckoutConfig(input: unknown): CheckoutConfig {
  return parseConfig('checkout', CheckoutConfigSchema, input, [
    {
      field: 'retryDelayMaxMs',
      rule: 'must be at least retryBaseDelayMs',
      holds: (config) => config.retryDelayMaxMs >= config.retryBaseDelayMs,
    },
  ]);
}

export const checkoutDefaults: CheckoutConfig = parseCheckoutConfig({});
