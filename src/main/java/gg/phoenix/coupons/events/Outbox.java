package gg.phoenix.coupons.events;

import gg.phoenix.coupons.api.Timestamps;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes events into the transactional outbox. Call {@link #write} with the connection of the transaction
 * that makes the change the event reports: the event then exists if and only if that change committed,
 * and the relay publishes it to the Redis stream, the event bus and webhooks.
 *
 * <pre>{@code
 * pool.withTransaction(conn -> conn.preparedQuery(REVOKE).execute(args)
 *     .compose(rows -> Outbox.write(conn, EventTypes.REVOKED, tenantId, new JsonObject()
 *         .put("coupon", couponJson).put("reason", reason))));
 * }</pre>
 */
public final class Outbox {

  private Outbox() {
  }

  /**
   * The envelope every event starts with: event_id (fresh), type, tenant_id, occurred_at. The remaining
   * fields of the schema (user_id, redemption_id, coupon, reward_item, ...) are the caller's.
   */
  public static JsonObject envelope(String type, String tenantId, Instant occurredAt) {
    return new JsonObject()
        .put("event_id", UUID.randomUUID().toString())
        .put("type", type)
        .put("tenant_id", tenantId)
        .put("occurred_at", Timestamps.format(occurredAt));
  }

  /**
   * Inserts {@code envelope(type, tenantId, now) + fields} on {@code conn} (normally the connection given by
   * {@code pool.withTransaction}); completes with the event's id. Fields named like the envelope's are ignored.
   */
  public static Future<UUID> write(SqlClient conn, String type, String tenantId, JsonObject fields) {
    JsonObject event = fields.copy().mergeIn(envelope(type, tenantId, Instant.now()));
    return write(conn, event);
  }

  /** Inserts an event already shaped by {@link #envelope}; completes with its id. */
  public static Future<UUID> write(SqlClient conn, JsonObject event) {
    UUID eventId = UUID.fromString(event.getString("event_id"));
    return conn.preparedQuery(OutboxSql.INSERT)
        .execute(Tuple.of(eventId, event.getString("type"), event.getString("tenant_id"), event))
        .map(rows -> eventId);
  }
}
