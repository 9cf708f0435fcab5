/**
 * A transport rejects `publish` with this error when it knows which events failed;
 * every other event of the call counts as published. The relay then retries only
 * the failed ones, so one poison event does not hold back the rest of its batch.
 * Any other rejection means the whole call failed.
 */
export class PublishError extends Error {
  override name = 'PublishError';
  /** Event id → error text, for the events that were not published. */
  readonly failures: ReadonlyMap<string, string>;

  constructor(failures: ReadonlyMap<string, string>) {
    super(`${failures.size} event(s) failed to publish: ${[...failures.values()][0] ?? ''}`);
    this.failures = failures;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
