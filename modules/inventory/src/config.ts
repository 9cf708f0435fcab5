import { inventoryLimits } from './contract.ts';

export type InventoryConfig = {
  /** How long a reservation holds its units unless confirmed or committed. */
  readonly reservationTtlMs: number;
  /** How often the sweeper looks for expired reservations; 0 turns the timer off. */
  readonly sweepIntervalMs: number;
  /** Reservations one sweep releases at most (the rest wait for the next tick). */
  readonly sweepBatchSize: number;
};

export const inventoryDefaults: InventoryConfig = Object.freeze({
  reservationTtlMs: 15 * 60_000,
  sweepIntervalMs: 30_000,
  sweepBatchSize: 100,
});

const dayMs = 24 * 60 * 60_000;

function integerIn(name: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new Error(`inventory.${name} must be an integer from ${min} to ${max}: ${JSON.stringify(value)}`);
  }
  return value;
}

/** Fills gaps with defaults and refuses nonsense at boot (fail fast). */
export function checkConfig(config: Partial<InventoryConfig>): InventoryConfig {
  const merged = { ...inventoryDefaults, ...config };
  return Object.freeze({
    reservationTtlMs: integerIn('reservationTtlMs', merged.reservationTtlMs, 1000, 7 * dayMs),
    sweepIntervalMs: integerIn('sweepIntervalMs', merged.sweepIntervalMs, 0, dayMs),
    sweepBatchSize: integerIn('sweepBatchSize', merged.sweepBatchSize, 1, inventoryLimits.sweepBatchMax),
  });
}
