-- Checkout: orders (with copies of what was bought), and the saga that places them.
-- The CHECK constraints pair with assertions in code: money never negative, never more
-- refunded than captured, and only the statuses the transition table knows.

-- Human-friendly order numbers (M-100001). A sequence is not transactional, so a rolled
-- back order leaves a gap: numbers are unique and increasing, not dense.
CREATE SEQUENCE checkout.order_number START 100001;

CREATE TABLE checkout.orders (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  number text NOT NULL UNIQUE,
  status text NOT NULL CHECK (status IN
    ('pending', 'placed', 'fulfilled', 'delivered', 'cancelled', 'refunded', 'partially_refunded', 'failed')),
  cart_id text NOT NULL,
  customer_id text,
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  -- sha-256 (hex) of a guest's access token; the token itself is never stored.
  access_token_hash text,
  -- sha-256 (hex) of the caller's idempotency scope and key: a retry whose first answer
  -- was lost finds this order instead of making a second one.
  request_key text,
  shipping_address jsonb NOT NULL,
  shipping_method text NOT NULL,
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  subtotal bigint NOT NULL DEFAULT 0,
  discount bigint NOT NULL DEFAULT 0,
  shipping bigint NOT NULL DEFAULT 0,
  tax bigint NOT NULL DEFAULT 0,
  total bigint NOT NULL DEFAULT 0,
  payment_method text NOT NULL,
  payment_status text NOT NULL CHECK (payment_status IN
    ('pending', 'none', 'authorized', 'captured', 'voided', 'partially_refunded', 'refunded', 'failed')),
  payment_id text,
  captured bigint NOT NULL DEFAULT 0,
  refunded bigint NOT NULL DEFAULT 0,
  carrier text,
  tracking_number text,
  -- Why a failed order failed (`payment_declined`, …); null otherwise.
  failure_code text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CONSTRAINT order_money_valid CHECK (
    subtotal >= 0 AND discount >= 0 AND shipping >= 0 AND tax >= 0 AND total >= 0
    AND total = subtotal - discount + shipping + tax
    AND captured >= 0 AND refunded >= 0 AND refunded <= captured AND captured <= total)
);

-- One live order per cart (a failed one does not count: the shopper may try again).
CREATE UNIQUE INDEX orders_live_per_cart ON checkout.orders (cart_id) WHERE status <> 'failed';
CREATE UNIQUE INDEX orders_live_per_request ON checkout.orders (request_key)
  WHERE request_key IS NOT NULL AND status <> 'failed';
-- "My orders" and the staff list, newest first.
CREATE INDEX orders_by_customer ON checkout.orders (customer_id, created_at DESC, id DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX orders_by_status ON checkout.orders (status, created_at DESC, id DESC);
CREATE INDEX orders_by_time ON checkout.orders (created_at DESC, id DESC);
CREATE INDEX orders_by_payment ON checkout.orders (payment_id) WHERE payment_id IS NOT NULL;

-- Copies of the cart lines as checked out; they never change.
CREATE TABLE checkout.order_items (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES checkout.orders (id),
  position integer NOT NULL CHECK (position >= 0),
  variant_id text NOT NULL,
  product_id text NOT NULL,
  sku text NOT NULL,
  title text NOT NULL,
  quantity integer NOT NULL CHECK (quantity > 0),
  unit_price bigint NOT NULL CHECK (unit_price >= 0),
  line_total bigint NOT NULL CHECK (line_total = unit_price * quantity),
  UNIQUE (order_id, position)
);

-- One row per saga run for an order: where it is, what each step answered, and who
-- runs it. `step_index` is the next step to run while running, and the number of steps
-- still to undo while compensating (the next to undo is step_index - 1).
CREATE TABLE checkout.sagas (
  order_id text NOT NULL REFERENCES checkout.orders (id),
  saga text NOT NULL CHECK (saga IN ('place_order', 'fulfil_order')),
  status text NOT NULL CHECK (status IN ('running', 'compensating', 'completed', 'compensated')),
  step_index integer NOT NULL CHECK (step_index >= 0),
  step text,
  -- What each finished step returned, by step name: what its compensation needs.
  outputs jsonb NOT NULL DEFAULT '{}',
  -- What the steps need that the order does not keep (the payment token); cleared when
  -- the saga ends.
  input jsonb,
  -- The business failure (or exhausted retries) that turned the saga around.
  failure jsonb,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  last_error text,
  -- A runner holds the saga while its lease lasts; an expired lease means its process
  -- died, and the recovery poller takes the saga over.
  lease_owner text,
  lease_expires_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (order_id, saga)
);

CREATE INDEX sagas_unfinished ON checkout.sagas (next_attempt_at) WHERE status IN ('running', 'compensating');
