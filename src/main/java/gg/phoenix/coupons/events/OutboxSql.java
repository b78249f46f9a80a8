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
   * Wakes the relays listening on channel $1, $2 naming the sender ({@link OutboxNotifyVerticle}). One statement, so
   * its own transaction; {@code synchronous_commit} off for it alone: it holds PostgreSQL's notification lock until
   * its commit ends, and a wake-up needs no durability.
   */
  static final String NOTIFY = "SELECT set_config('synchronous_commit', 'off', true), pg_notify($1, $2)";

  /**
   * Makes this transaction the only relay publishing in the schema until it ends ($1: {@link #relayLockName});
   * false when another relay holds it, which then relays what is pending. One batch at a time keeps the order of
   * the streams and of publish_batch the same, which the replay relies on.
   */
  static final String TRY_RELAY_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked";

  static String relayLockName(String schema) {
    return "outbox relay " + schema;
  }

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

  /**
   * Marks a batch published under the next batch number. published_at is the clock at this moment, after the
   * relay lock was taken, so it grows with the batch number.
   */
  static final String MARK_PUBLISHED = """
      WITH batch AS (SELECT nextval('outbox_publish_batches') AS number)
      UPDATE outbox_events SET published_at = clock_timestamp(), published_by = $2, publish_batch = batch.number
      FROM batch
      WHERE event_id = ANY($1)
      """;

  /**
   * A page of a tenant's published events in the order the relays published them, after the event $2 (null: from
   * the oldest one retained). $1 tenant, $3 retention in seconds (a double), $4 rows at most. One row per event,
   * or a single row without an event when there are none; {@code known} is false when $2 is not an event of this
   * tenant published within the retention (deleted, about to be, or unknown). An event of the tenant whose
   * publication has not committed yet (a consumer may read the stream before the relay's transaction ends) is
   * known, with no events after it yet: its publication's batch decides what follows. One statement,
   * so one snapshot: the rows after a known event are all younger than it, hence none is deleted meanwhile.
   */
  static final String REPLAY = """
      WITH retained AS (SELECT now() - make_interval(secs => $3) AS since),
      cursor AS (
        SELECT e.publish_batch, e.seq FROM outbox_events e, retained
        WHERE $2::uuid IS NOT NULL AND e.tenant_id = $1 AND e.event_id = $2::uuid
          AND e.publish_batch IS NOT NULL AND e.published_at >= retained.since
        UNION ALL
        SELECT -1, -1 WHERE $2::uuid IS NULL
      )
      SELECT EXISTS (SELECT 1 FROM cursor) OR EXISTS (SELECT 1 FROM outbox_events e
               WHERE e.tenant_id = $1 AND e.event_id = $2::uuid AND e.publish_batch IS NULL) AS known,
             page.event_id, page.payload
      FROM (SELECT 1) AS one
      LEFT JOIN LATERAL (
        SELECT e.event_id, e.payload, e.publish_batch, e.seq
        FROM cursor c, retained, outbox_events e
        WHERE e.tenant_id = $1 AND e.publish_batch IS NOT NULL AND e.published_at >= retained.since
          AND (e.publish_batch, e.seq) > (c.publish_batch, c.seq)
        ORDER BY e.publish_batch, e.seq
        LIMIT $4
      ) page ON true
      ORDER BY page.publish_batch, page.seq
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
