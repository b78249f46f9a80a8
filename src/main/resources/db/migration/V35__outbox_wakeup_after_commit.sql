-- The relays are woken after the writers' commits (Outbox.wakeRelaysOnCommit, OutboxNotifyVerticle), not by a
-- NOTIFY inside every writing transaction: PostgreSQL lets one notifying transaction commit at a time in the whole
-- server, holding that lock through the commit's WAL flush, so the trigger made every redemption's commit queue.
DROP TRIGGER IF EXISTS outbox_events_notify ON outbox_events;
DROP FUNCTION IF EXISTS outbox_events_notify();
