package gg.phoenix.coupons.events;

/** The SQL of the outbox and its relay. */
public final class OutboxSql {

  /**
   * Writes one event: $1 event_id (uuid), $2 type, $3 tenant_id, $4 payload (the whole event as jsonb).
   * Run it on the connection of the transaction that makes the change, so the event commits or rolls back
   * with it; {@link Outbox#write} does exactly that.
   */
  public static final String INSERT = """
      INSERT INTO outbox_events (event_id, type, tenant_id, payload) VALUES ($1, $2, $3, $4)
      """;

  /**
   * Locks the oldest pending events; rows another relay has locked are skipped, so concurrent relays take
   * disjoint batches. The locks last until the relay's transaction ends.
   */
  static final String CLAIM = """
      SELECT event_id, type, tenant_id, payload, extract(epoch FROM clock_timestamp() - created_at) * 1000 AS lag_ms
      FROM outbox_events
      WHERE published_at IS NULL
      ORDER BY seq
      LIMIT $1
      FOR UPDATE SKIP LOCKED
      """;

  static final String MARK_PUBLISHED = """
      UPDATE outbox_events SET published_at = now(), published_by = $2 WHERE event_id = ANY($1)
      """;

  /** One delivery per active endpoint of the event's tenant that asked for its type; idempotent. */
  static final String FAN_OUT_WEBHOOKS = """
      INSERT INTO webhook_deliveries (webhook_id, tenant_id, event_id, event_type, payload)
      SELECT w.id, e.tenant_id, e.event_id, e.type, e.payload
      FROM outbox_events e
      JOIN webhooks w ON w.tenant_id = e.tenant_id AND w.status = 'active' AND e.type = ANY (w.event_types)
      WHERE e.event_id = ANY($1)
      ON CONFLICT (webhook_id, event_id) DO NOTHING
      """;

  /** Published events older than $1 seconds (a double), at most 10 000 at a time. */
  static final String DELETE_PUBLISHED = """
      DELETE FROM outbox_events WHERE event_id IN (
        SELECT event_id FROM outbox_events WHERE published_at < now() - make_interval(secs => $1) LIMIT 10000)
      """;

  private OutboxSql() {
  }
}
