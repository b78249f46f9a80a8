-- The order in which the relays published events, so that a consumer can replay a tenant's events from PostgreSQL
-- in the order its Redis stream had them (GET /v1/coupons/{tenant}/events?after=<event id>). Relays publish one
-- batch at a time (a transaction-level advisory lock per schema), and each batch takes the next number at the
-- moment it is marked published: batch numbers follow the order of the XADDs, and within a batch the relay adds
-- events in seq order. Events published before this column existed form batch 0.
CREATE SEQUENCE outbox_publish_batches;
ALTER TABLE outbox_events ADD COLUMN publish_batch bigint;
UPDATE outbox_events SET publish_batch = 0 WHERE published_at IS NOT NULL;
CREATE INDEX outbox_events_replay ON outbox_events (tenant_id, publish_batch, seq) WHERE publish_batch IS NOT NULL;
