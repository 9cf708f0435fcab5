-- The payments module's tables. The host runs this inside schema `payments`; names are
-- qualified anyway so the file reads the same wherever it runs.
-- No card number or security code has a column anywhere: payments only ever see tokens,
-- and do not store those either.

CREATE TABLE payments.payments (
  id                 text PRIMARY KEY,
  order_id           text NOT NULL CHECK (length(order_id) BETWEEN 1 AND 100),
  status             text NOT NULL CHECK (status IN ('authorized', 'captured', 'partially_refunded', 'refunded', 'voided', 'failed')),
  method             text NOT NULL CHECK (method IN ('test_card')),
  provider           text NOT NULL,
  -- The provider's id of the authorization; a declined attempt has none.
  provider_reference text,
  decline_reason     text,
  currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount             bigint NOT NULL CHECK (amount > 0),
  -- Running totals, moved only by conditional UPDATEs: refunds can never exceed what
  -- was captured, nor a capture what was authorized, whatever the concurrency.
  captured_amount    bigint NOT NULL DEFAULT 0 CHECK (captured_amount >= 0),
  refunded_amount    bigint NOT NULL DEFAULT 0 CHECK (refunded_amount >= 0),
  created_at         timestamptz NOT NULL,
  updated_at         timestamptz NOT NULL,
  CONSTRAINT payments_captured_within_authorized CHECK (captured_amount <= amount),
  CONSTRAINT payments_refunded_within_captured CHECK (refunded_amount <= captured_amount),
  CONSTRAINT payments_reference_unless_failed CHECK ((status = 'failed') = (provider_reference IS NULL))
);
CREATE INDEX payments_order ON payments.payments (order_id, created_at);
-- Reconciliation scans open authorizations, oldest first.
CREATE INDEX payments_open_authorizations ON payments.payments (created_at, id) WHERE status = 'authorized';

-- The money ledger: one row per operation, keyed by the caller's idempotency key.
-- An operation is claimed here (state 'pending', totals above already moved) before the
-- provider is called, and marked 'succeeded' once the provider confirmed it; a retry
-- with the same key finds the row and completes or replays it. Declined authorizations
-- are kept as 'declined' rows so their key replays the decline.
-- Invariant: sum(capture) − sum(refund) of a payment = captured_amount − refunded_amount.
CREATE TABLE payments.ledger (
  id                 text PRIMARY KEY,
  -- Deferred so the claim (this row) can be written before the payment row it creates.
  payment_id         text NOT NULL REFERENCES payments.payments (id) DEFERRABLE INITIALLY DEFERRED,
  kind               text NOT NULL CHECK (kind IN ('authorization', 'capture', 'void', 'refund')),
  state              text NOT NULL CHECK (state IN ('pending', 'succeeded', 'declined')),
  currency           text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount             bigint NOT NULL CHECK (amount >= 0),
  idempotency_key    text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  reason             text CHECK (length(reason) <= 500),
  provider_reference text,
  created_at         timestamptz NOT NULL,
  completed_at       timestamptz,
  CONSTRAINT ledger_idempotency_key UNIQUE (idempotency_key),
  CONSTRAINT ledger_declined_only_authorizations CHECK (state <> 'declined' OR kind = 'authorization')
);
CREATE INDEX ledger_payment ON payments.ledger (payment_id, created_at);

-- The built-in test provider's own state (what a real provider keeps on its side), so
-- that its idempotency survives a restart. Keyed by the idempotency key it was called with.
CREATE TABLE payments.test_provider_operations (
  idempotency_key    text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  kind               text NOT NULL CHECK (kind IN ('authorization', 'capture', 'void', 'refund')),
  -- The authorization this operation belongs to (its own reference for an authorization).
  authorization_reference text NOT NULL,
  reference          text NOT NULL,
  outcome            text NOT NULL CHECK (outcome IN ('approved', 'declined')),
  decline_reason     text,
  currency           text NOT NULL,
  amount             bigint NOT NULL CHECK (amount >= 0),
  created_at         timestamptz NOT NULL
);
CREATE INDEX test_provider_by_authorization ON payments.test_provider_operations (authorization_reference);
