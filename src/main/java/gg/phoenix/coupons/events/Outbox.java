package gg.phoenix.coupons.events;

import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;

/**
 * Writes events into the transactional outbox. Call {@link #write} with the connection of the transaction
 * that makes the change the event reports: the event then exists if and only if that change committed,
 * and the relay publishes it to the Redis stream, the event bus and webhooks. Once that transaction has committed,
 * {@link #write} wakes the relays ({@link #wakeRelaysOnCommit}).
 *
 * <pre>{@code
 * pool.withTransaction(conn -> conn.preparedQuery(REVOKE).execute(args)
 *     .compose(rows -> Outbox.write(conn, EventTypes.REVOKED, tenantId, new JsonObject()
 *         .put("coupon", couponJson).put("reason", reason))));
 * }</pre>
 */
public final class Outbox {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

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
        .onSuccess(rows -> wakeRelaysOnCommit(conn))
        .map(rows -> eventId);
  }

  /**
   * Wakes the relays once what {@code client} wrote into the outbox has committed: when its transaction commits, or
   * at once when it runs none (a pool, or a connection outside a transaction, commits each statement). Call it after
   * a statement of your own that inserted events; {@link #write} does. The wake-up goes to this process's relays on the
   * event bus ({@link Addresses#OUTBOX_WRITTEN}), and through {@link OutboxNotifyVerticle} to the other processes'.
   * A writer that does not call it costs its events up to OUTBOX_POLL_MS of delay, never the events.
   */
  public static void wakeRelaysOnCommit(SqlClient client) {
    Context context = Vertx.currentContext();
    if (context == null) {
      return;
    }
    Transaction transaction = client instanceof SqlConnection conn ? conn.transaction() : null;
    Future<Void> committed = transaction == null ? Future.succeededFuture() : transaction.completion();
    committed.onSuccess(v -> context.owner().eventBus().publish(Addresses.OUTBOX_WRITTEN, null, LOCAL));
  }
}
