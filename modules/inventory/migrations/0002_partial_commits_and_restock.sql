-- Partial fulfilment and returns (additive).
--
-- A reservation may leave stock part by part (one parcel at a time): each line counts the
-- units already committed. An active reservation still holds `quantity - committed` units
-- of each line in `reserved`; a full commit or a release settles only that remainder.
ALTER TABLE inventory.reservation_lines ADD COLUMN committed bigint NOT NULL DEFAULT 0;
ALTER TABLE inventory.reservation_lines
  ADD CONSTRAINT reservation_line_committed_valid CHECK (committed >= 0 AND committed <= quantity);

-- One row per partial commit, keyed by the caller's idempotency key (a fulfilment id):
-- what was asked (`lines`) and which locations the units left from (`taken`), so a
-- repeat answers the same and moves nothing twice.
CREATE TABLE inventory.commits (
  key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
  order_id text NOT NULL REFERENCES inventory.reservations (order_id),
  lines jsonb NOT NULL,
  taken jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX commits_by_order ON inventory.commits (order_id);

-- Restocks (returned goods) are adjustments with the caller's idempotency key, so a
-- retried restock adds the units once. NULLs (staff adjustments) never collide.
ALTER TABLE inventory.adjustments ADD COLUMN idempotency_key text
  CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 255);
ALTER TABLE inventory.adjustments ADD CONSTRAINT adjustments_idempotency_key UNIQUE (idempotency_key);
