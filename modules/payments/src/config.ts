import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';

/** The payments section of the app's configuration; every field has a default. */
export const PaymentsConfigSchema = Type.Object(
  {
    /** Which provider answers. Only the built-in test provider exists so far. */
    provider: Type.Literal('test', { errorMessage: 'must be "test"', default: 'test' }),
    testProvider: Type.Object(
      {
        /** How long `tok_slow` takes to answer (API.md: 2 s). */
        slowDelayMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 2000 }),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Largest amount one payment may authorize, in minor units. */
    amountMax: Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      errorMessage: 'must be a positive integer',
      default: 100_000_000,
    }),
  },
  { additionalProperties: false },
);

/** The payments module's configuration, read once by the app and passed down frozen. */
export type PaymentsConfig = ConfigOf<typeof PaymentsConfigSchema>;

/** Fills the gaps with defaults and refuses what cannot work, at boot, naming the field. */
export function parsePaymentsConfig(input: unknown): PaymentsConfig {
  return parseConfig('payments', PaymentsConfigSchema, input);
}

export const paymentsDefaults: PaymentsConfig = parsePaymentsConfig({});
