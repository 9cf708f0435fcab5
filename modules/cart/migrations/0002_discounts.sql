-- Discount codes (promotions). They live in the cart's schema because redeeming one
-- must commit in the same transaction as the cart's freeze at checkout
-- (docs/decisions/0005-discounts-live-in-the-cart-module.md).

CREATE TABLE cart.discounts (
  id                  text PRIMARY KEY,
  -- Stored normalized (upper case), so the unique index makes codes case-insensitive.
  code                text NOT NULL CHECK (code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
  type                text NOT NULL CHECK (type IN ('percentage', 'fixed')),
  -- percentage: whole percent 1..100; fixed: minor units of `currency` taken off.
  value               bigint NOT NULL CHECK (value > 0 AND (type = 'fixed' OR value <= 100)),
  currency            text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- The subtotal (minor units) a cart needs before the code applies; null = none.
  min_subtotal        bigint CHECK (min_subtotal > 0),
  starts_at           timestamptz,
  ends_at             timestamptz,
  -- Redemptions in all, and per customer; null = unlimited.
  usage_limit         integer CHECK (usage_limit > 0),
  per_customer_limit  integer CHECK (per_customer_limit > 0),
  -- Redemptions held by checked-out carts now (a reopened cart gives its use back).
  -- Raised only by one conditional UPDATE (`used < usage_limit`); the CHECK is the
  -- database's own guard that a limit is never passed.
  used                integer NOT NULL DEFAULT 0 CHECK (used >= 0 AND (usage_limit IS NULL OR used <= usage_limit)),
  active              boolean NOT NULL DEFAULT true,
  created_at          timestamptz NOT NULL,
  updated_at          timestamptz NOT NULL,
  CHECK (starts_at IS NULL OR ends_at IS NULL OR starts_at < ends_at)
);
CREATE UNIQUE INDEX discounts_code_key ON cart.discounts (code);
-- The admin list: newest first, keyset paged.
CREATE INDEX discounts_newest ON cart.discounts (created_at DESC, id DESC);

-- Uses per (discount, customer): one counter row, raised by a conditional upsert
-- (`used < per_customer_limit`), so two checkouts of one customer cannot both take the
-- last of their uses. Guests (no customer id) are not counted here.
CREATE TABLE cart.discount_customer_uses (
  discount_id  text NOT NULL REFERENCES cart.discounts (id),
  customer_id  text NOT NULL,
  used         integer NOT NULL CHECK (used >= 0),
  PRIMARY KEY (discount_id, customer_id)
);

-- One row per order that redeemed a discount: what it took off, and whose use it was,
-- so the saga's compensation (reopening the cart) gives back exactly that use, once.
-- An order redeems at most one discount, so (discount_id, order_id) is the key; no
-- foreign key to carts: the record outlives an expired cart.
CREATE TABLE cart.discount_redemptions (
  discount_id  text NOT NULL REFERENCES cart.discounts (id),
  order_id     text NOT NULL,
  cart_id      text NOT NULL,
  customer_id  text,
  amount       bigint NOT NULL CHECK (amount >= 0),
  redeemed_at  timestamptz NOT NULL,
  PRIMARY KEY (discount_id, order_id)
);
CREATE INDEX discount_redemptions_cart ON cart.discount_redemptions (cart_id, order_id);

-- The code a cart holds (one at most). Same schema, so a foreign key is allowed.
ALTER TABLE cart.carts ADD COLUMN discount_id text REFERENCES cart.discounts (id);
