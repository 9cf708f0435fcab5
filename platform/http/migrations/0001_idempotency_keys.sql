-- Idempotency keys of mutating HTTP requests (API.md, Stripe semantics).
-- Applied by the migration runner with search_path set to the `platform` schema.
-- A row is 'in_progress' from the claim until the response is stored ('completed')
-- or released (deleted: 400, 401, 429 and 5xx answers are not stored).
CREATE TABLE idempotency_keys (
  scope        text        NOT NULL CHECK (length(scope) BETWEEN 1 AND 255),
  key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
  -- sha-256 (hex) of method, route pattern, URL params and canonical JSON body
  fingerprint  text        NOT NULL CHECK (length(fingerprint) = 64),
  state        text        NOT NULL CHECK (state IN ('in_progress', 'completed')),
  -- who holds the claim: only that request may complete or release it
  lock_token   text        NOT NULL,
  locked_at    timestamptz NOT NULL,
  status_code  integer     CHECK (status_code BETWEEN 100 AND 599),
  content_type text,
  body         bytea,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  PRIMARY KEY (scope, key),
  CHECK (state = 'in_progress' OR (status_code IS NOT NULL AND body IS NOT NULL))
);

-- The purge deletes expired keys oldest first, in bounded batches.
CREATE INDEX idempotency_keys_expires_at ON idempotency_keys (expires_at);
