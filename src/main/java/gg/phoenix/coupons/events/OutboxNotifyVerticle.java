package gg.phoenix.coupons.events;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the relays of other processes that this one wrote outbox events: on {@link Addresses#OUTBOX_WRITTEN} it
 * sends {@code NOTIFY "outbox <schema>"} at once, and at most once per OUTBOX_NOTIFY_MS, one more at the end of that
 * interval covering the commits in between. One per process. One NOTIFY at a time: while one waits for a connection
 * (the pool busy with a burst) the commits meanwhile owe one more, not one per interval queued ahead of redemptions.
 *
 * <p>The NOTIFY is a statement of its own, never part of a writer's transaction: PostgreSQL commits one notifying
 * transaction at a time in the whole server, so a NOTIFY in every redemption made their commits queue. It commits
 * without waiting for its WAL flush, which shortens the time it holds that lock; a notification lost in a crash
 * costs a poll's delay. Its payload names the process, so that its own relays, woken in-process already, skip it.
 */
public class OutboxNotifyVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxNotifyVerticle.class);
  private static final String PROCESS_TAG = "outbox.process-tag";

  private final ServiceConfig config;
  private Pool pool;
  private String channel;
  private String tag;
  private long lastSentNanos;
  /** A commit happened that no NOTIFY sent since covers. */
  private boolean owed;
  /** A NOTIFY is under way or waits for its interval. */
  private boolean busy;

  /** @param config the service's settings, read once by MainVerticle */
  public OutboxNotifyVerticle(ServiceConfig config) {
    this.config = config;
  }

  /** The payload of this process's notifications (one per Vert.x instance). */
  static String processTag(Vertx vertx) {
    return vertx.sharedData().<String, String>getLocalMap(PROCESS_TAG)
        .computeIfAbsent(PROCESS_TAG, key -> UUID.randomUUID().toString());
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    channel = OutboxRelayVerticle.channel(config.postgres().schema());
    tag = processTag(vertx);
    lastSentNanos = System.nanoTime() - intervalNanos();
    return vertx.eventBus().localConsumer(Addresses.OUTBOX_WRITTEN, message -> written()).completion();
  }

  @Override
  public Future<?> stop() {
    return pool.close();
  }

  private long intervalNanos() {
    return config.events().relayNotifyMs() * 1_000_000L;
  }

  private void written() {
    owed = true;
    if (!busy) {
      next();
    }
  }

  private void next() {
    busy = owed;
    if (!owed) {
      return;
    }
    long wait = lastSentNanos + intervalNanos() - System.nanoTime();
    if (wait <= 0) {
      send();
      return;
    }
    vertx.setTimer(Math.max(1, wait / 1_000_000L), id -> send());
  }

  private void send() {
    owed = false;
    lastSentNanos = System.nanoTime();
    pool.preparedQuery(OutboxSql.NOTIFY).execute(Tuple.of(channel, tag))
        .onFailure(err -> LOG.debug("NOTIFY of written outbox events failed; other processes' relays poll: {}", err.toString()))
        .onComplete(done -> next());
  }
}
