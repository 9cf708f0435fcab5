-- The catalog's tables. The host runs this inside schema `catalog`; names are
-- qualified anyway so the file reads the same wherever it runs.

-- Typo-tolerant search needs trigram similarity. The extension is database-wide, so it
-- lives in `public` where any module (and any search_path) can reach it; the catalog
-- refers to its objects as `public.*` explicitly.
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;

CREATE TABLE catalog.categories (
  id          text PRIMARY KEY,
  slug        text NOT NULL CONSTRAINT categories_slug_key UNIQUE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  parent_id   text REFERENCES catalog.categories (id),
  position    integer NOT NULL DEFAULT 0,
  -- Ids from the root down to this category (itself included): a product filed under
  -- a category is found by every ancestor without a recursive query.
  path_ids    text[] NOT NULL CHECK (cardinality(path_ids) BETWEEN 1 AND 8),
  created_at  timestamptz NOT NULL
);
CREATE INDEX categories_parent ON catalog.categories (parent_id, position);

CREATE TABLE catalog.products (
  id              text PRIMARY KEY,
  slug            text NOT NULL CONSTRAINT products_slug_key UNIQUE,
  title           text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description     text NOT NULL,
  archived        boolean NOT NULL DEFAULT false,
  -- Whole milliseconds: the newest-first cursor carries created_at as JS milliseconds.
  created_at      timestamptz NOT NULL CHECK (created_at = date_trunc('milliseconds', created_at)),
  updated_at      timestamptz NOT NULL,
  -- The summary below is derived from variants, categories and images by
  -- catalog.derived_summary (at the end of this file) in the transaction of every
  -- write, so that a list page is one indexed query over this table alone. The rating
  -- columns are the rating read model itself.
  price_min       bigint NOT NULL DEFAULT 0 CHECK (price_min >= 0),
  currency        text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  in_stock        boolean NOT NULL DEFAULT false,
  thumbnail_hash  text,
  category_path_ids text[] NOT NULL DEFAULT '{}',
  rating_count    integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  rating_sum      integer NOT NULL DEFAULT 0 CHECK (rating_sum BETWEEN rating_count AND 5 * rating_count),
  rating_average  numeric(3, 2) GENERATED ALWAYS AS (
    CASE WHEN rating_count = 0 THEN 0 ELSE round(rating_sum::numeric / rating_count, 2) END
  ) STORED,
  search          tsvector NOT NULL DEFAULT ''::tsvector
);
CREATE INDEX products_newest ON catalog.products (created_at, id) WHERE NOT archived;
CREATE INDEX products_price ON catalog.products (price_min, id) WHERE NOT archived;
CREATE INDEX products_rating ON catalog.products (rating_average, rating_count, id) WHERE NOT archived;
CREATE INDEX products_categories ON catalog.products USING gin (category_path_ids) WHERE NOT archived;
CREATE INDEX products_search ON catalog.products USING gin (search) WHERE NOT archived;

CREATE TABLE catalog.variants (
  id            text PRIMARY KEY,
  -- Deferred, so a product's rows can be written before the product row, which is then
  -- inserted once with its summary already derived (no second version of every row).
  product_id    text NOT NULL REFERENCES catalog.products (id) DEFERRABLE INITIALLY DEFERRED,
  sku           text NOT NULL CONSTRAINT variants_sku_key UNIQUE,
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  options       jsonb NOT NULL DEFAULT '{}',
  price_amount  bigint NOT NULL CHECK (price_amount >= 0),
  currency      text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  -- A read model of inventory: set from initialStock, then from inventory.stock_changed.
  available     integer NOT NULL CHECK (available >= 0),
  -- occurredAt of the last stock event applied, so an older event never overwrites a newer one.
  stock_changed_at timestamptz,
  position      integer NOT NULL,
  created_at    timestamptz NOT NULL
);
CREATE INDEX variants_product ON catalog.variants (product_id, position);

CREATE TABLE catalog.product_categories (
  product_id   text NOT NULL REFERENCES catalog.products (id) DEFERRABLE INITIALLY DEFERRED,
  category_id  text NOT NULL REFERENCES catalog.categories (id),
  position     integer NOT NULL,
  PRIMARY KEY (product_id, category_id)
);
CREATE INDEX product_categories_category ON catalog.product_categories (category_id);

-- Images are content-addressed: one row per distinct source (sha256), processed once.
CREATE TABLE catalog.images (
  hash          text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  width         integer NOT NULL CHECK (width > 0),
  height        integer NOT NULL CHECK (height > 0),
  source_bytes  integer NOT NULL CHECK (source_bytes > 0),
  created_at    timestamptz NOT NULL
);

CREATE TABLE catalog.product_images (
  product_id  text NOT NULL REFERENCES catalog.products (id) DEFERRABLE INITIALLY DEFERRED,
  image_hash  text NOT NULL REFERENCES catalog.images (hash),
  position    integer NOT NULL,
  PRIMARY KEY (product_id, image_hash)
);
CREATE INDEX product_images_order ON catalog.product_images (product_id, position);

-- Words of titles and category names: a query word that matches nothing is corrected
-- to its nearest words here by trigram similarity ("hedphones" → "headphones").
CREATE TABLE catalog.search_words (
  word  text PRIMARY KEY CHECK (length(word) BETWEEN 1 AND 40)
);
CREATE INDEX search_words_trigram ON catalog.search_words USING gin (word public.gin_trgm_ops);

-- The one derivation of a product's summary columns from its variants, categories and
-- images; used by the INSERT of new products and the UPDATE after every other write.
-- Category names (of every ancestor too) are searchable with weight B, the title A and
-- the start of the description C.
CREATE FUNCTION catalog.derived_summary(p_id text, p_title text, p_description text)
RETURNS TABLE (price_min bigint, in_stock boolean, thumbnail_hash text, category_path_ids text[], search tsvector)
LANGUAGE sql STABLE AS $$
  SELECT v.price_min, v.in_stock, i.thumbnail_hash, c.path_ids,
         setweight(to_tsvector('english', p_title), 'A')
      || setweight(to_tsvector('english', c.names), 'B')
      || setweight(to_tsvector('english', left(p_description, 2000)), 'C')
    FROM (SELECT coalesce(min(price_amount), 0)::bigint AS price_min, coalesce(bool_or(available > 0), false) AS in_stock
            FROM catalog.variants WHERE product_id = p_id) v,
         (SELECT (SELECT image_hash FROM catalog.product_images WHERE product_id = p_id ORDER BY position LIMIT 1)
                 AS thumbnail_hash) i,
         (SELECT coalesce(array_agg(x.id ORDER BY x.id), '{}') AS path_ids, coalesce(string_agg(x.name, ' ' ORDER BY x.id), '') AS names
            FROM (SELECT DISTINCT ancestor.id, ancestor.name
                    FROM catalog.product_categories pc
                    JOIN catalog.categories cat ON cat.id = pc.category_id
                    JOIN catalog.categories ancestor ON ancestor.id = ANY (cat.path_ids)
                   WHERE pc.product_id = p_id) x) c
$$;
