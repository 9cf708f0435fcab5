import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';

/** The catalog section of the app's configuration; every field has a default. */
export const CatalogConfigSchema = Type.Object(
  {
    /** The one currency of the catalog's prices, e.g. 'USD'. */
    currency: Type.String({ pattern: '^[A-Z]{3}$', errorMessage: 'must be an ISO 4217 code', default: 'USD' }),
    /** The in-process read cache: entries kept at most, and how long each lives. */
    cache: Type.Object(
      {
        entriesMax: Type.Integer({
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          errorMessage: 'must be a positive integer',
          default: 10_000,
        }),
        ttlMs: Type.Integer({
          minimum: 1,
          maximum: Number.MAX_SAFE_INTEGER,
          errorMessage: 'must be a positive integer',
          default: 60_000,
        }),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);

/** The catalog's configuration, read once by the app and passed down frozen. */
export type CatalogConfig = ConfigOf<typeof CatalogConfigSchema>;

/** Fills gaps with defaults and refuses nonsense at boot (fail fast), naming the field. */
export function parseCatalogConfig(input: unknown): CatalogConfig {
  return parseConfig('catalog', CatalogConfigSchema, input);
}

export const catalogDefaults: CatalogConfig = parseCatalogConfig({});
