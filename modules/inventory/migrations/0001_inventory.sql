-- Inventory: stock per SKU and location, reservations per order, and the adjustment ledger.
-- The CHECK constraints pair with assertions in code: whatever the concurrency, no level
-- ever holds more reserved than on hand, and nothing goes negative.

CREATE TABLE inventory.locations (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now()
);

INSERT INTO inventory.locations (id, name) VALUES ('loc_default', 'Default location');

-- A SKU's totals over every location, changed in the same statement or transaction as
-- its levels. One row per SKU serialises every change of that SKU, which is what makes
-- the totals in events and the out/back-in-stock transitions exact.
CREATE TABLE inventory.skus (
  sku text PRIMARY KEY CHECK (length(sku) BETWEEN 1 AND 64),
  on_hand bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT sku_totals_valid CHECK (reserved >= 0 AND reserved <= on_hand AND on_hand >= 0)
);

CREATE TABLE inventory.stock_levels (
  sku text NOT NULL REFERENCES inventory.skus (sku),
  location_id text NOT NULL REFERENCES inventory.locations (id),
  on_hand bigint NOT NULL DEFAULT 0,
  reserved bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (sku, location_id),
  CONSTRAINT stock_level_valid CHECK (reserved >= 0 AND reserved <= on_hand AND on_hand >= 0)
);

-- One reservation per order, ever: the primary key is the idempotency claim.
CREATE TABLE inventory.reservations (
  order_id text PRIMARY KEY CHECK (length(order_id) BETWEEN 1 AND 64),
  status text NOT NULL CHECK (status IN ('active', 'committed', 'released')),
  -- Null once confirmed: held until commit or release.
  expires_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);

-- The sweeper's scan: only active reservations that can expire.
CREATE INDEX reservations_expiry ON inventory.reservations (expires_at)
  WHERE status = 'active' AND expires_at IS NOT NULL;

CREATE TABLE inventory.reservation_lines (
  order_id text NOT NULL REFERENCES inventory.reservations (order_id),
  sku text NOT NULL,
  location_id text NOT NULL,
  quantity bigint NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (order_id, sku, location_id)
);

-- Every change of on_hand other than a commit: openings from the catalog and staff
-- adjustments, with who and why.
CREATE TABLE inventory.adjustments (
  id text PRIMARY KEY,
  sku text NOT NULL,
  location_id text NOT NULL,
  delta bigint NOT NULL CHECK (delta <> 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 200),
  actor_id text NOT NULL,
  created_at timestamptz NOT NULL
);

CREATE INDEX adjustments_sku ON inventory.adjustments (sku, created_at);
