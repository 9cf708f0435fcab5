/**
 * Helpers for tests only: waiting for eventual consistency with a deadline, and
 * unwrapping a Result that must have succeeded. Production code never imports this.
 */
import { setTimeout as delay } from 'node:timers/promises';

export type EventuallyOptions = {
  /** How long to keep polling before failing (default 10 s). */
  readonly timeoutMs?: number;
  /** The pause between two polls (default 10 ms). */
  readonly intervalMs?: number;
  /** What is awaited, for the failure message: "the relay to start publishing". */
  readonly what?: string;
};

export const eventuallyDefaults = { timeoutMs: 10_000, intervalMs: 10 } as const;

/**
 * Polls until the condition holds, failing after a deadline (never a fixed sleep).
 * Two styles: a check answering a boolean (`false` means not yet), or a probe
 * answering `T | undefined` (`undefined` means not yet) whose answer is returned.
 * The second argument is the deadline in milliseconds or an options object.
 */
export function eventually(
  check: () => boolean | Promise<boolean>,
  options?: number | EventuallyOptions,
): Promise<void>;
export function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options?: number | EventuallyOptions,
): Promise<Exclude<T, false>>;
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options: number | EventuallyOptions = {},
): Promise<T | undefined> {
  const { timeoutMs, intervalMs, what } = {
    ...eventuallyDefaults,
    ...(typeof options === 'number' ? { timeoutMs: options } : options),
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probe();
    if (answer !== undefined && answer !== false) return answer;
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms${what === undefined ? '' : `: ${what}`}`);
    }
    await delay(intervalMs);
  }
}

/** The shape of `Result` (`@mercato/platform/kernel`), loose enough for every module's codes. */
type AnyResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** Unwraps a Result that must have succeeded, showing the failure when it did not. */
export function value<T>(result: AnyResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}
