-- Transactional outbox: an event is inserted by the same transaction as the change it reports, so it exists
-- exactly when that change committed. The relay publishes pending rows (published_at IS NULL) in seq order
-- and deletes published ones after a retention period.
CREATE TABLE outbox_events (
  event_id     uuid PRIMARY KEY,
  seq          bigserial NOT NULL,
  type         text NOT NULL,
  tenant_id    text NOT NULL,
  payload      jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz,
  published_by text
);
CREATE INDEX outbox_events_pending ON outbox_events (seq) WHERE published_at IS NULL;
CREATE INDEX outbox_events_published ON outbox_events (published_at) WHERE published_at IS NOT NULL;

-- Wakes the relays (LISTEN "outbox <schema>") when the inserting transaction commits; a statement-level
-- trigger sends one notification per statement, and PostgreSQL folds identical ones of a transaction.
CREATE FUNCTION outbox_events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify(left('outbox ' || TG_TABLE_SCHEMA, 63), '');
  RETURN NULL;
END
$$;
CREATE TRIGGER outbox_events_notify AFTER INSERT ON outbox_events
  FOR EACH STATEMENT EXECUTE FUNCTION outbox_events_notify();

-- Webhook endpoints a tenant registered, with the event types each wants.
CREATE TABLE webhooks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL REFERENCES tenants (id),
  url         text NOT NULL,
  event_types text[] NOT NULL,
  status      text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  deleted_at  timestamptz
);
CREATE INDEX webhooks_tenant ON webhooks (tenant_id) WHERE status = 'active';

-- One row per (endpoint, event), created by the relay in the transaction that marks the event published.
-- The payload is copied so that retries outlive the outbox's retention. A delivery is claimed by pushing
-- next_attempt_at past the request timeout (a lease), so a crashed sender's delivery is simply retried.
CREATE TABLE webhook_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id      uuid NOT NULL REFERENCES webhooks (id),
  tenant_id       text NOT NULL,
  event_id        uuid NOT NULL,
  event_type      text NOT NULL,
  payload         jsonb NOT NULL,
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts        integer NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  UNIQUE (webhook_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at DESC);

CREATE TABLE webhook_attempts (
  delivery_id  uuid NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt      integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  duration_ms  integer NOT NULL,
  status_code  integer,
  error        text,
  PRIMARY KEY (delivery_id, attempt)
);
