import { type ConfigOf, parseConfig } from '@mercato/platform/module';
import { Type } from 'typebox';
import { inventoryLimits } from './contract.ts';

const dayMs = 24 * 60 * 60_000;

/** The inventory section of the app's configuration; every field has a default. */
export const InventoryConfigSchema = Type.Object(
  {
    /** How long a reservation holds its units unless confirmed or committed. */
    reservationTtlMs: Type.Integer({ minimum: 1000, maximum: 7 * dayMs, default: 15 * 60_000 }),
    /** How often the sweeper looks for expired reservations; 0 turns the timer off. */
    sweepIntervalMs: Type.Integer({ minimum: 0, maximum: dayMs, default: 30_000 }),
    /** Reservations one sweep releases at most (the rest wait for the next tick). */
    sweepBatchSize: Type.Integer({ minimum: 1, maximum: inventoryLimits.sweepBatchMax, default: 100 }),
  },
  { additionalProperties: false },
);

export type InventoryConfig = ConfigOf<typeof InventoryConfigSchema>;

/** Fills gaps with defaults and refuses nonsense at boot (fail fast), naming the field. */
export function parseInventoryConfig(input: unknown): InventoryConfig {
  return parseConfig('inventory', InventoryConfigSchema, input);
}

export const inventoryDefaults: InventoryConfig = parseInventoryConfig({});
