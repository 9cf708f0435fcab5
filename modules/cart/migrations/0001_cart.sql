-- The cart's tables. The host runs this inside schema `cart`; names are qualified
-- anyway so the file reads the same wherever it runs.

CREATE TABLE cart.carts (
  id           text PRIMARY KEY,
  -- Null for an anonymous cart. An opaque id of the customers module (no foreign key
  -- crosses schemas).
  customer_id  text,
  status       text NOT NULL CHECK (status IN ('open', 'merged', 'checked_out')),
  currency     text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- Kept by every write in the same transaction (under the row lock), so the
  -- conditional UPDATE of checkout can test "not empty" on this row alone.
  line_count   integer NOT NULL DEFAULT 0 CHECK (line_count BETWEEN 0 AND 50),
  -- The order holding the cart; set exactly while it is checked out.
  order_id     text CHECK ((status = 'checked_out') = (order_id IS NOT NULL)),
  -- The customer's cart this one was merged into; set exactly when merged.
  merged_into  text CHECK ((status = 'merged') = (merged_into IS NOT NULL)),
  created_at   timestamptz NOT NULL,
  updated_at   timestamptz NOT NULL,
  -- updated_at + the idle TTL: past it the cart answers 404 and the sweeper deletes it.
  expires_at   timestamptz NOT NULL CHECK (expires_at > updated_at)
);
-- "The customer's open cart": the most recently changed one.
CREATE INDEX carts_customer_open ON cart.carts (customer_id, updated_at DESC) WHERE status = 'open' AND customer_id IS NOT NULL;
CREATE INDEX carts_expiry ON cart.carts (expires_at);

CREATE TABLE cart.items (
  id             text PRIMARY KEY,
  cart_id        text NOT NULL REFERENCES cart.carts (id) ON DELETE CASCADE,
  -- The catalog's ids and the copy of what it quoted when the line was (last) added.
  variant_id     text NOT NULL,
  product_id     text NOT NULL,
  product_slug   text NOT NULL,
  product_title  text NOT NULL,
  variant_title  text NOT NULL,
  sku            text NOT NULL,
  thumbnail_url  text,
  quantity       integer NOT NULL CHECK (quantity BETWEEN 1 AND 999),
  unit_price     bigint NOT NULL CHECK (unit_price >= 0),
  currency       text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  added_at       timestamptz NOT NULL,
  -- Lines are shown in the order they were first added (a line moved by a merge keeps
  -- its place in time); a sequence, because several lines may share a timestamp.
  seq            bigint GENERATED ALWAYS AS IDENTITY,
  -- One line per variant: adding it again adds to that line. Its index also serves
  -- "the lines of a cart" (at most 50, sorted in memory by the query).
  CONSTRAINT items_variant_key UNIQUE (cart_id, variant_id)
);
