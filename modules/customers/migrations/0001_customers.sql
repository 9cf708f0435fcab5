-- The customers module's tables: accounts (customers and staff), login sessions with
-- their rotating refresh tokens, and the keys that sign access tokens. The host runs
-- this inside schema `customers`; names are qualified anyway.

-- Admin search matches any part of an email or name, which needs trigram indexes. The
-- extension is database-wide, so it lives in `public` (the catalog creates it too).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

-- Customers and staff in one table: one email is one account, one login endpoint.
CREATE TABLE customers.accounts (
  id                  text PRIMARY KEY,
  kind                text NOT NULL CHECK (kind IN ('customer', 'staff')),
  -- Staff hold exactly one role; customers none.
  role                text CHECK (role IN ('admin', 'catalog', 'support')),
  -- Normalized (trimmed, lowercase) by the service; the CHECK keeps it that way.
  email               text NOT NULL CONSTRAINT accounts_email_key UNIQUE
                      CHECK (email = lower(btrim(email)) AND length(email) BETWEEN 3 AND 254),
  name                text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  -- An argon2id PHC string; never leaves this table.
  password_hash       text NOT NULL CHECK (password_hash LIKE '$argon2id$%'),
  -- TOTP: the active secret (base32), a secret waiting for its first code, and the
  -- last time step accepted, so a code cannot be replayed.
  mfa_secret          text CHECK (length(mfa_secret) <= 64),
  mfa_pending_secret  text CHECK (length(mfa_pending_secret) <= 64),
  mfa_last_step       bigint,
  disabled_at         timestamptz,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CONSTRAINT accounts_role_of_kind CHECK ((kind = 'staff') = (role IS NOT NULL))
);
CREATE INDEX accounts_email_trgm ON customers.accounts USING gin (email public.gin_trgm_ops);
CREATE INDEX accounts_name_trgm ON customers.accounts USING gin (lower(name) public.gin_trgm_ops);

-- One row per login. A session ends on logout, password change, refresh-token reuse,
-- disabling or a role change; an access token is refused once its session ended.
CREATE TABLE customers.sessions (
  id            text PRIMARY KEY,
  account_id    text NOT NULL REFERENCES customers.accounts (id),
  created_at    timestamptz NOT NULL,
  -- Absolute lifetime: refreshing never extends a session past this.
  expires_at    timestamptz NOT NULL CHECK (expires_at > created_at),
  ended_at      timestamptz,
  end_reason    text CHECK (end_reason IN ('logout', 'refresh_token_reused', 'password_changed',
                                           'account_disabled', 'role_changed', 'sessions_max')),
  CONSTRAINT sessions_end_has_reason CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE INDEX sessions_active_by_account ON customers.sessions (account_id, created_at) WHERE ended_at IS NULL;
CREATE INDEX sessions_expiry ON customers.sessions (expires_at);

-- Refresh tokens are stored as the sha-256 of the token, never the token. A spent
-- token stays until it would have expired, so its reuse can be recognized.
CREATE TABLE customers.refresh_tokens (
  token_hash    text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
  session_id    text NOT NULL REFERENCES customers.sessions (id) ON DELETE CASCADE,
  created_at    timestamptz NOT NULL,
  expires_at    timestamptz NOT NULL CHECK (expires_at > created_at),
  spent_at      timestamptz
);
CREATE INDEX refresh_tokens_session ON customers.refresh_tokens (session_id);
CREATE INDEX refresh_tokens_expiry ON customers.refresh_tokens (expires_at);

-- Access-token signing keys (Ed25519, as JWKs). New tokens use the newest key without
-- `retired_at`; a key keeps verifying until `retired_at`, set at rotation to when the
-- last token it signed has expired.
CREATE TABLE customers.signing_keys (
  position      bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  kid           text PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 100),
  algorithm     text NOT NULL CHECK (algorithm = 'EdDSA'),
  public_jwk    jsonb NOT NULL,
  private_jwk   jsonb NOT NULL,
  created_at    timestamptz NOT NULL,
  retired_at    timestamptz
);
