-- The rating read model becomes a copy of the reviews module's per-product aggregate:
-- every reviews event (posted, hidden, restored) carries the product's count and sum
-- at a version, and a product keeps the aggregate of the highest version applied, so
-- events that arrive late, out of order or twice leave it right. 0: nothing applied
-- yet (a first event is version 1 and replaces whatever an older catalog counted).
ALTER TABLE catalog.products
  ADD COLUMN rating_version bigint NOT NULL DEFAULT 0 CONSTRAINT rating_version_not_negative CHECK (rating_version >= 0);
