-- Reviews of products by customers, moderated by staff, and the two facts the module
-- keeps beside them: each product's rating aggregate over its visible reviews (the
-- source of truth that review events carry to the catalog) and the delivered
-- purchases that make a review a verified one.

CREATE TABLE reviews.reviews (
  id                 text PRIMARY KEY,
  -- Opaque ids of other modules (catalog, customers): no foreign key crosses schemas.
  product_id         text NOT NULL CHECK (length(product_id) BETWEEN 1 AND 200),
  customer_id        text NOT NULL CHECK (length(customer_id) BETWEEN 1 AND 200),
  -- The author's name as it was when the review was posted.
  author_name        text NOT NULL CHECK (length(author_name) <= 200),
  rating             smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  title              text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  body               text NOT NULL CHECK (length(body) <= 5000),
  verified_purchase  boolean NOT NULL,
  status             text NOT NULL DEFAULT 'visible' CHECK (status IN ('visible', 'hidden')),
  created_at         timestamptz NOT NULL CHECK (created_at = date_trunc('milliseconds', created_at)),
  moderated_at       timestamptz,
  -- One review per customer and product: posting claims this key (INSERT … ON CONFLICT
  -- DO NOTHING), so two racing posts cannot both win.
  CONSTRAINT review_per_customer_and_product UNIQUE (customer_id, product_id)
);

-- A product's page of reviews, newest first (keyset on created_at, id); the admin list
-- filtered by product uses it too.
CREATE INDEX reviews_of_product ON reviews.reviews (product_id, created_at DESC, id DESC);
-- The admin lists: everything, or one status (the moderation queue), newest first.
CREATE INDEX reviews_newest ON reviews.reviews (created_at DESC, id DESC);
CREATE INDEX reviews_by_status ON reviews.reviews (status, created_at DESC, id DESC);

-- Count and sum of the ratings of a product's visible reviews. `version` grows by one
-- with every change, in the transaction of the change, so each event carries the
-- aggregate at a version and a consumer keeps the highest it has seen.
CREATE TABLE reviews.product_ratings (
  product_id  text PRIMARY KEY,
  count       integer NOT NULL CHECK (count >= 0),
  sum         integer NOT NULL CHECK (sum BETWEEN count AND 5 * count),
  version     bigint NOT NULL CHECK (version >= 1)
);

-- The read model of delivered purchases (from orders.order_delivered): a customer who
-- received a product. The first delivering order is kept for reference.
CREATE TABLE reviews.delivered_purchases (
  customer_id   text NOT NULL,
  product_id    text NOT NULL,
  order_id      text NOT NULL,
  delivered_at  timestamptz NOT NULL,
  PRIMARY KEY (customer_id, product_id)
);
