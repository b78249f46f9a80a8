/**
 * Events of what changed: written into the transactional outbox with the change they report
 * ({@link gg.phoenix.coupons.events.Outbox}), published by the relay to each tenant's Redis stream, the event bus and
 * the webhook deliveries table, and replayed from the retained outbox. It reports changes and decides none; the
 * webhook package sends what the relay queued.
 */
package gg.phoenix.coupons.events;
