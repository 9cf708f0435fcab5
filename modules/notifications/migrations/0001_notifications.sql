-- Notifications: the messages it owes people (an outbox of emails), the mailbox the
-- default transport delivers into, back-in-stock subscriptions, and the read models
-- it keeps from other modules' events (variants, orders, stock alert state).

-- One row per message, written in the same transaction as the inbox row of the event
-- that caused it. `dedupe_key` (kind, event id, recipient) is UNIQUE, so a message is
-- created once per event whatever the delivery count. A background sender claims due
-- rows with a conditional UPDATE (a lease: next_attempt_at moves into the future and a
-- fresh lease_token is set), sends, then marks them sent only if it still holds the lease.
CREATE TABLE notifications.messages (
  id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('order_confirmation', 'order_shipped', 'order_refunded', 'back_in_stock', 'low_stock')),
  recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 254),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 300),
  body_text text NOT NULL,
  body_html text NOT NULL,
  dedupe_key text NOT NULL UNIQUE CHECK (length(dedupe_key) <= 400),
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0 AND attempts <= 100),
  next_attempt_at timestamptz NOT NULL,
  lease_token text,
  last_error text CHECK (length(last_error) <= 1000),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  CONSTRAINT sent_at_iff_sent CHECK ((status = 'sent') = (sent_at IS NOT NULL))
);

-- The sender's scan: only pending rows, oldest due first.
CREATE INDEX messages_due ON notifications.messages (next_attempt_at, id) WHERE status = 'pending';

-- What the default transport delivered: staff read it through GET /api/admin/mailbox.
-- `id` is the message id, so sending a message twice (a retry after a crash between
-- delivery and marking it sent) still leaves one letter.
CREATE TABLE notifications.mailbox (
  seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id text NOT NULL UNIQUE,
  sender text NOT NULL,
  recipient text NOT NULL,
  subject text NOT NULL,
  body_text text NOT NULL,
  body_html text NOT NULL,
  sent_at timestamptz NOT NULL
);

CREATE INDEX mailbox_recipient ON notifications.mailbox (recipient, seq);

-- "Tell me when this variant is back": waiting until the variant's SKU comes back in
-- stock, then notified exactly once. One waiting subscription per (variant, email).
CREATE TABLE notifications.back_in_stock_subscriptions (
  id text PRIMARY KEY,
  variant_id text NOT NULL CHECK (length(variant_id) BETWEEN 1 AND 64),
  email text NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
  status text NOT NULL CHECK (status IN ('waiting', 'notified')),
  created_at timestamptz NOT NULL,
  notified_at timestamptz,
  -- The inventory.back_in_stock event that told this subscriber.
  event_id text,
  CONSTRAINT notified_at_iff_notified CHECK ((status = 'notified') = (notified_at IS NOT NULL AND event_id IS NOT NULL))
);

CREATE UNIQUE INDEX subscriptions_waiting ON notifications.back_in_stock_subscriptions (variant_id, email) WHERE status = 'waiting';
CREATE INDEX subscriptions_waiting_email ON notifications.back_in_stock_subscriptions (email) WHERE status = 'waiting';

-- Read model from catalog.product_created / product_updated: variant → SKU and titles,
-- so a back_in_stock event (by SKU) finds its subscribers and messages name products.
-- `event_at` is the occurredAt of the event that wrote the row: an older event never
-- overwrites a newer one.
CREATE TABLE notifications.variants (
  variant_id text PRIMARY KEY,
  product_id text NOT NULL,
  sku text NOT NULL,
  product_title text NOT NULL,
  variant_title text NOT NULL,
  archived boolean NOT NULL DEFAULT false,
  event_at timestamptz NOT NULL
);

CREATE INDEX variants_sku ON notifications.variants (sku);

-- Read model from checkout.order_placed: who to write to about an order, because
-- orders.order_refunded does not carry the email.
CREATE TABLE notifications.orders (
  order_id text PRIMARY KEY,
  number text NOT NULL,
  email text NOT NULL,
  placed_at timestamptz NOT NULL
);

-- Per SKU: whether staff were told it is low, so an alert goes out once per crossing
-- below the threshold and re-arms when stock rises back to it.
CREATE TABLE notifications.stock_alerts (
  sku text PRIMARY KEY,
  low boolean NOT NULL,
  available bigint NOT NULL,
  event_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
