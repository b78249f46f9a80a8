package gg.phoenix.coupons.events;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.metrics.ServiceMetrics;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.pubsub.PgSubscriber;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes committed outbox events: to the tenant's Redis stream ({@code XADD <prefix><tenant_id> MAXLEN ~ n}),
 * to the event bus ({@link Addresses#EVENTS}), and into webhook_deliveries for the endpoints that want them.
 *
 * <p>A batch is claimed and marked published (with the next batch number) in one transaction, after the stream has
 * accepted it; the same transaction counts its redemptions and rollbacks into the campaign counts
 * ({@link CampaignCountsSql}), so each is counted once; a relay that dies before its commit leaves the batch pending for the next one (at least once;
 * consumers drop repeated event_ids). Relays in any number of processes take turns: a transaction-level advisory
 * lock lets one batch be under way at a time, so the batch numbers follow the order of the streams and a consumer
 * can replay them from PostgreSQL in that order ({@link EventReplayVerticle}).
 * It wakes when a writer of this process has committed events ({@link Addresses#OUTBOX_WRITTEN}, sent by
 * {@link Outbox#wakeRelaysOnCommit}) and on the {@code NOTIFY} another process's {@link OutboxNotifyVerticle} sends,
 * letting events gather for a few milliseconds so that a busy outbox is relayed in few large batches; it polls every
 * OUTBOX_POLL_MS for events whose wake-up was lost.
 */
public class OutboxRelayVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelayVerticle.class);

  /** An event claimed from the outbox. */
  protected record OutboxEvent(UUID eventId, String type, String tenantId, JsonObject payload) {
  }

  private final ServiceConfig config;
  private ServiceConfig.Events settings;
  private Pool pool;
  private Redis redis;
  private PgSubscriber subscriber;
  private String relayId;
  private String relayLock;
  private boolean draining;
  private boolean again;
  private boolean gathering;
  private boolean stopped;
  private final List<Long> timers = new ArrayList<>();

  /** The LISTEN channel of a schema's outbox; {@link OutboxNotifyVerticle} sends on it. */
  public static String channel(String schema) {
    String name = "outbox " + schema;
    return name.length() > 63 ? name.substring(0, 63) : name;
  }

  /** The Redis stream of a tenant's events. */
  public static String streamKey(String prefix, String tenantId) {
    return prefix + tenantId;
  }

  /** @param config the service's settings, read once by MainVerticle */
  public OutboxRelayVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    settings = config.events();
    pool = PgPools.shared(vertx, config);
    redis = RedisClients.create(vertx, config, 4);
    relayId = ManagementFactory.getRuntimeMXBean().getName() + "/" + deploymentID();
    relayLock = OutboxSql.relayLockName(config.postgres().schema());

    subscriber = PgSubscriber.subscriber(vertx, PgPools.directConnectOptions(config))
        .reconnectPolicy(retries -> Math.min(30_000L, 500L * (retries + 1)));
    String ownTag = OutboxNotifyVerticle.processTag(vertx);
    subscriber.channel(channel(config.postgres().schema()))
        .subscribeHandler(v -> drain()) // on every (re)subscription: catch up with what was missed meanwhile
        .handler(sender -> {
          if (!ownTag.equals(sender)) { // this process's writers woke it in-process already
            gatherThenDrain();
          }
        });
    timers.add(vertx.setPeriodic(settings.relayPollMs(), id -> drain()));
    long cleanupEvery = Math.max(1_000L, Math.min(60_000L, settings.retentionSeconds() * 500));
    timers.add(vertx.setPeriodic(cleanupEvery, id -> cleanUp()));

    return vertx.eventBus().localConsumer(Addresses.OUTBOX_WRITTEN, message -> gatherThenDrain()).completion()
        .compose(v -> listen())
        .onComplete(v -> drain());
  }

  /** Connects the LISTEN connection; until it works, polling alone relays and a retry follows every 5 s. */
  private Future<Void> listen() {
    return subscriber.connect()
        .onFailure(err -> {
          LOG.warn("LISTEN for outbox events failed ({}); relaying by polling every {} ms until it works",
              err.getMessage(), settings.relayPollMs());
          if (!stopped) {
            vertx.setTimer(5_000, id -> {
              if (!stopped) {
                listen();
              }
            });
          }
        })
        .otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    timers.forEach(vertx::cancelTimer);
    return Future.join(subscriber.close(), redis.close(), pool.close());
  }

  /** Drains once the events written within the next OUTBOX_GATHER_MS have committed too. */
  private void gatherThenDrain() {
    if (gathering || stopped) {
      return;
    }
    gathering = true;
    vertx.setTimer(Math.max(1, settings.relayGatherMs()), id -> {
      gathering = false;
      drain();
    });
  }

  /** Relays batch after batch until the outbox is empty; a wake-up during a batch asks for one more round. */
  private void drain() {
    if (stopped) {
      return;
    }
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    again = false;
    relayBatch().onComplete(done -> {
      draining = false;
      if (done.failed()) {
        LOG.warn("Relaying outbox events failed, retrying on the next poll: {}", done.cause().toString());
      } else if (done.result() >= settings.relayBatchSize()) {
        drain();
      } else if (again) {
        gatherThenDrain();
      }
    });
  }

  /**
   * Claims, publishes and marks one batch in one transaction; completes with the number of events. Only one relay of
   * the schema does so at a time: one that finds another under way relays nothing, and the other drains the outbox.
   */
  private Future<Integer> relayBatch() {
    return pool.withTransaction(conn -> conn.preparedQuery(OutboxSql.TRY_RELAY_LOCK).execute(Tuple.of(relayLock))
            .compose(locked -> !locked.iterator().next().getBoolean("locked") ? Future.succeededFuture(new ArrayList<Row>())
                : conn.preparedQuery(OutboxSql.CLAIM).execute(Tuple.of(settings.relayBatchSize())).map(rows -> {
                  List<Row> claimed = new ArrayList<>(rows.size());
                  rows.forEach(claimed::add);
                  return claimed;
                }))
            .compose(rows -> {
              List<OutboxEvent> batch = new ArrayList<>(rows.size());
              for (Row row : rows) {
                batch.add(new OutboxEvent(row.getUUID("event_id"), row.getString("type"), row.getString("tenant_id"),
                    (JsonObject) row.getJson("payload")));
                ServiceMetrics.outboxLag(row.getNumeric("lag_ms").doubleValue());
              }
              return batch.isEmpty() ? Future.succeededFuture(batch)
                  : publish(batch).compose(v -> markPublished(conn, batch)).map(batch);
            }))
        .map(batch -> {
          // after the commit: in-process consumers see what the stream holds, and local senders start delivering
          DeliveryOptions headers = new DeliveryOptions();
          for (OutboxEvent event : batch) {
            vertx.eventBus().publish(Addresses.EVENTS, event.payload(),
                headers.addHeader("type", event.type()).addHeader("tenant_id", event.tenantId()));
            headers = new DeliveryOptions();
          }
          if (!batch.isEmpty()) {
            vertx.eventBus().publish(Addresses.WEBHOOKS_WAKE, null);
          }
          return batch.size();
        });
  }

  /**
   * Appends the batch to the tenants' streams in one pipeline. Entries carry event_id, type, tenant_id and
   * the event as JSON in {@code payload}. Protected so that tests can stop a relay half-way through a batch.
   */
  protected Future<Void> publish(List<OutboxEvent> batch) {
    // One pipeline per stream: its commands share a key slot (Redis Cluster) and keep their order.
    Map<String, List<Request>> byStream = new LinkedHashMap<>();
    for (OutboxEvent event : batch) {
      String stream = streamKey(settings.streamPrefix(), event.tenantId());
      byStream.computeIfAbsent(stream, key -> new ArrayList<>()).add(Request.cmd(Command.XADD)
          .arg(stream)
          .arg("MAXLEN").arg("~").arg(settings.streamMaxLen())
          .arg("*")
          .arg("event_id").arg(event.eventId().toString())
          .arg("type").arg(event.type())
          .arg("tenant_id").arg(event.tenantId())
          .arg("payload").arg(event.payload().encode()));
    }
    return Future.all(byStream.values().stream().map(redis::batch).toList()).mapEmpty();
  }


  private Future<Void> markPublished(SqlConnection conn, List<OutboxEvent> batch) {
    UUID[] ids = batch.stream().map(OutboxEvent::eventId).toArray(UUID[]::new);
    return conn.preparedQuery(OutboxSql.FAN_OUT_WEBHOOKS).execute(Tuple.of(ids))
        .compose(v -> conn.preparedQuery(CampaignCountsSql.COUNT_PUBLISHED).execute(Tuple.of((Object) ids)))
        .compose(v -> conn.preparedQuery(OutboxSql.MARK_PUBLISHED).execute(Tuple.of(ids, relayId)))
        .mapEmpty();
  }

  private void cleanUp() {
    if (stopped) {
      return;
    }
    pool.preparedQuery(OutboxSql.DELETE_PUBLISHED).execute(Tuple.of((double) settings.retentionSeconds()))
        .onSuccess(rows -> {
          if (rows.rowCount() > 0) {
            LOG.debug("Deleted {} published outbox events", rows.rowCount());
          }
        })
        .onFailure(err -> LOG.warn("Cleaning the outbox failed: {}", err.toString()));
  }
}
