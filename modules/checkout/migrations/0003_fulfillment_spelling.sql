-- One spelling across code, schema and API: "fulfill" / "fulfillment", as API.md writes
-- it. Renames the parcel tables, their column, indexes and constraints, and rewrites the
-- stored names that code reads back: saga names (`fulfil_order`, `fulfil_order:<id>`),
-- the `fulfilmentId` key of unfinished sagas' input, and of order_fulfilled events not
-- yet relayed. Earlier migrations keep their text (they are checksummed).
ALTER TABLE checkout.fulfilments RENAME TO fulfillments;
ALTER TABLE checkout.fulfilment_items RENAME TO fulfillment_items;
ALTER TABLE checkout.fulfillment_items RENAME COLUMN fulfilment_id TO fulfillment_id;
ALTER INDEX checkout.fulfilments_pkey RENAME TO fulfillments_pkey;
ALTER INDEX checkout.fulfilments_by_order RENAME TO fulfillments_by_order;
ALTER INDEX checkout.fulfilment_items_pkey RENAME TO fulfillment_items_pkey;
ALTER INDEX checkout.fulfilment_items_by_order RENAME TO fulfillment_items_by_order;
ALTER TABLE checkout.fulfillments RENAME CONSTRAINT fulfilments_order_id_fkey TO fulfillments_order_id_fkey;
ALTER TABLE checkout.fulfillments RENAME CONSTRAINT fulfilments_carrier_check TO fulfillments_carrier_check;
ALTER TABLE checkout.fulfillments RENAME CONSTRAINT fulfilments_tracking_number_check TO fulfillments_tracking_number_check;
ALTER TABLE checkout.fulfillment_items
  RENAME CONSTRAINT fulfilment_items_fulfilment_id_fkey TO fulfillment_items_fulfillment_id_fkey;
ALTER TABLE checkout.fulfillment_items
  RENAME CONSTRAINT fulfilment_items_order_item_id_fkey TO fulfillment_items_order_item_id_fkey;
ALTER TABLE checkout.fulfillment_items RENAME CONSTRAINT fulfilment_items_order_id_fkey TO fulfillment_items_order_id_fkey;
ALTER TABLE checkout.fulfillment_items RENAME CONSTRAINT fulfilment_items_quantity_check TO fulfillment_items_quantity_check;

ALTER TABLE checkout.sagas DROP CONSTRAINT sagas_saga_known;
UPDATE checkout.sagas SET saga = 'fulfill_order' || substr(saga, length('fulfil_order') + 1)
 WHERE saga = 'fulfil_order' OR saga LIKE 'fulfil\_order:%';
UPDATE checkout.sagas SET input = (input - 'fulfilmentId') || jsonb_build_object('fulfillmentId', input -> 'fulfilmentId')
 WHERE input ? 'fulfilmentId';
ALTER TABLE checkout.sagas ADD CONSTRAINT sagas_saga_known
  CHECK (saga IN ('place_order', 'fulfill_order') OR saga ~ '^fulfill_order:ful_[0-9a-z]{1,60}$');

UPDATE checkout.outbox SET data = (data - 'fulfilmentId') || jsonb_build_object('fulfillmentId', data -> 'fulfilmentId')
 WHERE published_at IS NULL AND data ? 'fulfilmentId';
