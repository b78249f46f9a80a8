-- A definition's name and description in further languages: {"de": {"name": "...", "description": "..."}}.
-- The Query Gateway answers players in the best match of their Accept-Language; the stored name is the fallback.
ALTER TABLE coupon_definitions ADD COLUMN translations jsonb NOT NULL DEFAULT '{}'
  CHECK (jsonb_typeof(translations) = 'object');
