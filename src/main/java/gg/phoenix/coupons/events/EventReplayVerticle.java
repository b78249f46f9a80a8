package gg.phoenix.coupons.events;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.EventsRequest;
import gg.phoenix.coupons.bus.Replies;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Replays a tenant's published events from the retained outbox, in the order the relays published them (the order
 * of the tenant's Redis stream), for a consumer that lost its place: the stream was lost with a Redis restart, or
 * trimmed past it. Requests arrive from the HTTP verticle, already authenticated as the tenant's server.
 */
public class EventReplayVerticle extends VerticleBase {

  private final ServiceConfig config;
  private Pool pool;
  private long retentionSeconds;
  private ApiError notRetained;

  /** @param config the service's settings, read once by MainVerticle */
  public EventReplayVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    retentionSeconds = config.events().retentionSeconds();
    notRetained = new ApiError(410, "resync_required", "The event named by after is not among the events kept for "
        + retentionSeconds + " seconds after publication: events since it may be gone. Resynchronise from your own "
        + "records, then read from the oldest event kept (leave out after)");
    return vertx.eventBus().<JsonObject>consumer(Addresses.EVENTS_REPLAY, msg -> Replies.answer(msg, () -> page(EventsRequest.fromJson(msg.body()))))
        .completion();
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  /** The page {@code request} asks for → {"events", "has_more", "next_after"}. */
  private Future<JsonObject> page(EventsRequest request) {
    String after = request.after();
    int limit = request.limit();
    Tuple args = Tuple.of(request.tenantId(), after == null ? null : UUID.fromString(after),
        (double) retentionSeconds, limit + 1);
    return pool.preparedQuery(OutboxSql.REPLAY).execute(args).compose(rows -> answer(rows, after, limit));
  }

  private Future<JsonObject> answer(RowSet<Row> rows, String after, int limit) {
    JsonArray events = new JsonArray();
    boolean known = true;
    String last = after;
    for (Row row : rows) {
      known = row.getBoolean("known");
      if (row.getUUID("event_id") != null && events.size() < limit) {
        events.add(row.getJson("payload"));
        last = row.getUUID("event_id").toString();
      }
    }
    if (!known) {
      return Future.failedFuture(notRetained.exception());
    }
    return Future.succeededFuture(new JsonObject()
        .put("events", events)
        .put("has_more", rows.size() > limit)
        .put("next_after", last));
  }
}
