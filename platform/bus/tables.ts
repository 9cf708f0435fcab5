import { assert } from '../kernel/index.ts';

const schemaPattern = /^[a-z][a-z0-9_]{0,62}$/;

/** The schema name is spliced into SQL text, so only plain lowercase identifiers pass. */
export function assertSchemaName(schema: string): void {
  assert(schemaPattern.test(schema), `invalid schema name: ${JSON.stringify(schema)}`);
}

/**
 * The bus tables of one module schema: its outbox and its inbox. Idempotent, so the
 * host may run it on every start. It is applied as a checksummed migration, so once
 * released a change here needs a new migration rather than an edit.
 *
 * outbox: one row per event. `available_at` is when the row may next be claimed:
 * null means now; a relay sets it to a lease while publishing, and to a backoff
 * after a failed attempt.
 * inbox: one row per (consumer, event) whose effect has committed.
 */
export function busTablesSql(schema: string): string {
  assertSchemaName(schema);
  return `CREATE TABLE IF NOT EXISTS ${schema}.outbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  type text NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  occurred_at timestamptz NOT NULL,
  traceparent text,
  data jsonb NOT NULL,
  published_at timestamptz,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error text,
  available_at timestamptz,
  dead_at timestamptz
);
CREATE INDEX IF NOT EXISTS outbox_unpublished_idx ON ${schema}.outbox (seq)
  WHERE published_at IS NULL AND dead_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_published_at_idx ON ${schema}.outbox (published_at)
  WHERE published_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS ${schema}.inbox (
  consumer text NOT NULL,
  event_id text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
CREATE INDEX IF NOT EXISTS inbox_processed_at_idx ON ${schema}.inbox (processed_at);
`;
}
