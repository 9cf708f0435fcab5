import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { type Static, Type } from 'typebox';
import { type ShippingMethodId, shippingMethodIds } from './contract.ts';

/** Rate entries kept at most: a lookup table, not a tariff database. */
const ratesCountriesMax = 300;
const priceMax = 10_000_000;

const Method = (name: string, min: number, max: number) =>
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 60 }),
      /** Business days from booking to delivery, shown to buyers. */
      estimatedDays: Type.Object(
        { min: Type.Integer({ minimum: 0, maximum: 365 }), max: Type.Integer({ minimum: 0, maximum: 365 }) },
        { additionalProperties: false },
      ),
    },
    { additionalProperties: false, default: { name, estimatedDays: { min, max } } },
  );

const Price = Type.Integer({
  minimum: 0,
  maximum: priceMax,
  errorMessage: `must be an integer of minor units from 0 to ${priceMax}`,
});

/** The shipping section of the app's configuration; every field has a default. */
export const ShippingConfigSchema = Type.Object(
  {
    /** The currency of every rate, e.g. 'USD' (the catalog's). */
    currency: Type.String({ pattern: '^[A-Z]{3}$', errorMessage: 'must be an ISO 4217 code', default: 'USD' }),
    /** Each method's name and delivery estimate; a given method replaces its default whole. */
    methods: Type.Object(
      { standard: Method('Standard', 3, 7), express: Method('Express', 1, 2) },
      { additionalProperties: false, default: {} },
    ),
    /**
     * Prices in minor units by country (ISO 3166-1 alpha-2) and method. A listed country
     * offers exactly the methods listed for it; `'*'` prices every country not listed.
     * A country not listed, with no `'*'`, is not served. A given table replaces the default.
     */
    rates: Type.Record(
      Type.String(),
      Type.Object(
        { standard: Type.Optional(Price), express: Type.Optional(Price) },
        { propertyNames: { enum: [...shippingMethodIds], errorMessage: 'is an unknown method' } },
      ),
      {
        propertyNames: { pattern: '^([A-Z]{2}|\\*)$', errorMessage: "is not an ISO country code or '*'" },
        maxProperties: ratesCountriesMax,
        default: {
          US: { standard: 599, express: 1999 },
          CA: { standard: 999, express: 2999 },
          '*': { standard: 1499, express: 3999 },
        },
      },
    ),
    /** Standard shipping is free once the subtotal reaches this many minor units; null: never free. */
    freeStandardFromSubtotal: Type.Union(
      [Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), Type.Null()],
      {
        errorMessage: 'must be null or an integer of minor units',
        default: null,
      },
    ),
  },
  { additionalProperties: false },
);

// Every method of the contract has a configured name and estimate, and no other does.
type ConfiguredMethods = keyof Static<typeof ShippingConfigSchema>['methods'];
const methodsMatch: [ConfiguredMethods, ShippingMethodId] extends [ShippingMethodId, ConfiguredMethods] ? true : never =
  true;
void methodsMatch;

/** The shipping module's configuration, read once by the app and passed down frozen. */
export type ShippingConfig = ConfigOf<typeof ShippingConfigSchema>;
export type MethodConfig = ShippingConfig['methods'][ShippingMethodId];

/** Fills the gaps with defaults and refuses what cannot work, at boot, naming the field. */
export function parseShippingConfig(input: unknown): ShippingConfig {
  return parseConfig(
    'shipping',
    ShippingConfigSchema,
    input,
    shippingMethodIds.map((id) => ({
      field: `methods.${id}.estimatedDays`,
      rule: 'must have min <= max',
      holds: (config) => config.methods[id].estimatedDays.min <= config.methods[id].estimatedDays.max,
    })),
  );
}

export const shippingDefaults: ShippingConfig = parseShippingConfig({});
