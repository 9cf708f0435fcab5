-- The shipping module's tables. The host runs this inside schema `shipping`; names are
-- qualified anyway so the file reads the same wherever it runs. Methods and rates are
-- configuration, not tables.

CREATE TABLE shipping.shipments (
  id              text PRIMARY KEY,
  -- One shipment per order: a second booking for the order is refused, not duplicated.
  order_id        text NOT NULL CONSTRAINT shipments_order_key UNIQUE CHECK (length(order_id) BETWEEN 1 AND 100),
  method          text NOT NULL CHECK (method IN ('standard', 'express')),
  carrier         text NOT NULL CHECK (length(carrier) BETWEEN 1 AND 100),
  tracking_number text NOT NULL CHECK (length(tracking_number) BETWEEN 1 AND 100),
  status          text NOT NULL CHECK (status IN ('booked', 'cancelled', 'shipped', 'delivered')),
  address         jsonb NOT NULL CHECK (jsonb_typeof(address) = 'object'),
  items           jsonb NOT NULL CHECK (jsonb_typeof(items) = 'array' AND jsonb_array_length(items) BETWEEN 1 AND 100),
  created_at      timestamptz NOT NULL,
  updated_at      timestamptz NOT NULL
);

-- Every write is idempotent by the caller's key: the key is claimed here (INSERT … ON
-- CONFLICT DO NOTHING) in the transaction of the write, so a retry finds it and replays.
CREATE TABLE shipping.operations (
  idempotency_key text PRIMARY KEY CHECK (length(idempotency_key) BETWEEN 1 AND 255),
  -- Deferred so a booking can claim its key before the shipment row it creates.
  shipment_id     text NOT NULL REFERENCES shipping.shipments (id) DEFERRABLE INITIALLY DEFERRED,
  kind            text NOT NULL CHECK (kind IN ('book', 'cancel', 'ship', 'deliver')),
  created_at      timestamptz NOT NULL
);
CREATE INDEX operations_shipment ON shipping.operations (shipment_id);
