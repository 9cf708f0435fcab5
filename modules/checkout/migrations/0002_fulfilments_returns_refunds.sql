-- After the order (additive): parcels, returns and refunds, each a record of its own.
-- Money invariant, paired with assertions in code: an order's `refunded` is the sum of
-- its succeeded refunds, and never more than `captured` (order_money_valid).

-- When the order (all of it) was delivered: the return window counts from here.
ALTER TABLE checkout.orders ADD COLUMN delivered_at timestamptz;

-- One row per parcel: the staff's carrier and tracking number, and the locations the
-- units left stock from (filled in by the fulfil saga's commit step).
CREATE TABLE checkout.fulfilments (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES checkout.orders (id),
  carrier text NOT NULL CHECK (length(carrier) BETWEEN 1 AND 100),
  tracking_number text NOT NULL CHECK (length(tracking_number) BETWEEN 1 AND 100),
  locations jsonb NOT NULL DEFAULT '[]',
  created_at timestamptz NOT NULL
);
CREATE INDEX fulfilments_by_order ON checkout.fulfilments (order_id, created_at, id);

CREATE TABLE checkout.fulfilment_items (
  fulfilment_id text NOT NULL REFERENCES checkout.fulfilments (id),
  order_item_id text NOT NULL REFERENCES checkout.order_items (id),
  order_id text NOT NULL REFERENCES checkout.orders (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (fulfilment_id, order_item_id)
);
CREATE INDEX fulfilment_items_by_order ON checkout.fulfilment_items (order_id);

-- A customer's request to send delivered items back, and what staff made of it.
-- `location_id`: where the goods go back into stock, fixed before they are restocked.
CREATE TABLE checkout.returns (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES checkout.orders (id),
  status text NOT NULL CHECK (status IN ('requested', 'accepted', 'rejected', 'received', 'refunded')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  location_id text,
  refunded bigint NOT NULL DEFAULT 0 CHECK (refunded >= 0),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX returns_by_order ON checkout.returns (order_id, created_at, id);
-- The staff list, newest first, optionally by status.
CREATE INDEX returns_by_time ON checkout.returns (created_at DESC, id DESC);
CREATE INDEX returns_by_status ON checkout.returns (status, created_at DESC, id DESC);

CREATE TABLE checkout.return_items (
  return_id text NOT NULL REFERENCES checkout.returns (id),
  order_item_id text NOT NULL REFERENCES checkout.order_items (id),
  order_id text NOT NULL REFERENCES checkout.orders (id),
  quantity integer NOT NULL CHECK (quantity > 0),
  PRIMARY KEY (return_id, order_item_id)
);
CREATE INDEX return_items_by_order ON checkout.return_items (order_id);

-- Every refund asked of payments, recorded (pending) before the call under the key it
-- is called with, then settled: succeeded (it counts in the order's `refunded`) or
-- refused (payments said no; nothing moved). Who asked is kept for the audit record
-- written when it settles.
CREATE TABLE checkout.refunds (
  id text PRIMARY KEY,
  order_id text NOT NULL REFERENCES checkout.orders (id),
  return_id text REFERENCES checkout.returns (id),
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'refused')),
  currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  amount bigint NOT NULL CHECK (amount > 0),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  idempotency_key text NOT NULL UNIQUE CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  refusal_code text,
  actor_id text NOT NULL,
  actor_role text,
  request_id text,
  created_at timestamptz NOT NULL,
  settled_at timestamptz
);
CREATE INDEX refunds_by_order ON checkout.refunds (order_id, created_at, id);
-- The recovery pass settles refunds left pending by a crash, oldest first.
CREATE INDEX refunds_pending ON checkout.refunds (created_at) WHERE status = 'pending';

-- Orders fulfilled in one go before parcels were recorded get one parcel of everything,
-- and delivered ones their delivery time (the last change is the best record of it).
INSERT INTO checkout.fulfilments (id, order_id, carrier, tracking_number, created_at)
SELECT 'ful_before_' || id, id, carrier, tracking_number, updated_at
  FROM checkout.orders
 WHERE status IN ('fulfilled', 'delivered', 'partially_refunded', 'refunded') AND carrier IS NOT NULL AND tracking_number IS NOT NULL;
INSERT INTO checkout.fulfilment_items (fulfilment_id, order_item_id, order_id, quantity)
SELECT 'ful_before_' || i.order_id, i.id, i.order_id, i.quantity
  FROM checkout.order_items i JOIN checkout.fulfilments f ON f.id = 'ful_before_' || i.order_id;
UPDATE checkout.orders SET delivered_at = updated_at WHERE status = 'delivered';

-- Orders refunded before refunds were recorded one by one get one record of their total,
-- so the invariant holds for them too.
INSERT INTO checkout.refunds (id, order_id, return_id, status, currency, amount, reason, idempotency_key, actor_id, created_at, settled_at)
SELECT 'rfd_before_' || id, id, NULL, 'succeeded', currency, refunded, 'refunded before refund records', 'before-records:' || id,
       'system', updated_at, updated_at
  FROM checkout.orders WHERE refunded > 0;

-- One fulfil saga per parcel: `fulfil_order:<fulfilment id>` (the plain name is the
-- single-parcel saga of the first migration).
ALTER TABLE checkout.sagas DROP CONSTRAINT sagas_saga_check;
ALTER TABLE checkout.sagas ADD CONSTRAINT sagas_saga_known
  CHECK (saga IN ('place_order', 'fulfil_order') OR saga ~ '^fulfil_order:ful_[0-9a-z]{1,60}$');
