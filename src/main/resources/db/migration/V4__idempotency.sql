-- Idempotency-Key: the first request with a key claims it (status 0 while it runs); its response is stored
-- with it (for a redemption, in the redemption's own transaction) and replayed to later requests with the
-- same key and body for 24 hours.
CREATE TABLE idempotency_keys (
  tenant_id   text NOT NULL,
  key         text NOT NULL,
  fingerprint text NOT NULL,
  status      integer NOT NULL DEFAULT 0,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
