package gg.phoenix.coupons.db;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the read replica is behind the primary, measured every PG_REPLICA_LAG_CHECK_MS, and whether reads may go
 * to it: only while it answers, is a standby, and its lag is within PG_REPLICA_MAX_LAG_MS. One per process, made by
 * MainVerticle and handed to the verticles that route reads ({@link ReadRouting}).
 *
 * <p>The lag is the age of the newest primary position the replica has replayed: each check reads the primary's
 * flushed WAL position (every commit acknowledged before it is at or before that position) and keeps it with the time
 * it was asked, then reads the replica's replayed position; the newest kept sample at or below it tells since when the
 * replica has everything. {@code now() - pg_last_xact_replay_timestamp()} is not used: on a primary that commits
 * nothing it grows without any real lag. A primary without writes leaves its position where the replica already is,
 * so the lag stays at one check.
 */
public final class ReplicaLag {

  /** The last measured lag in milliseconds, -1 while unknown or the replica is unusable (a gauge at /metrics). */
  public static final AtomicLong MEASURED_MS = new AtomicLong(-1);

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaLag.class);
  private static final String PRIMARY_POSITION = "SELECT (pg_current_wal_flush_lsn() - '0/0'::pg_lsn)::bigint AS position";
  private static final String REPLAYED_POSITION = "SELECT pg_is_in_recovery() AS standby, "
      + "(pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint AS position";
  /** Primary positions kept at most (PrimaryPositions). */
  private static final int MAX_SAMPLES = 4096;

  private final long maxLagMs;
  private final long checkMs;
  private final Vertx vertx;
  private final Pool primary;
  private final Pool replica;
  private final PrimaryPositions positions = new PrimaryPositions(MAX_SAMPLES);
  private volatile boolean fresh;
  /** Until when (monotonic ms) the last check vouches for the replica: a late or stuck check then vouches for nothing. */
  private volatile long freshUntilMs;
  private volatile boolean stopped;
  private long timer = -1;
  private String lastKind = "";

  private ReplicaLag(Vertx vertx, Pool primary, Pool replica, long maxLagMs, long checkMs) {
    this.vertx = vertx;
    this.primary = primary;
    this.replica = replica;
    this.maxLagMs = maxLagMs;
    this.checkMs = checkMs;
  }

  /** No replica: reads always go to the primary. */
  public static ReplicaLag none() {
    return new ReplicaLag(null, null, null, 0, 0);
  }

  /** Starts measuring the configured replica's lag (on one connection to each server), or {@link #none()}. */
  public static ReplicaLag watching(Vertx vertx, ServiceConfig config) {
    ServiceConfig.Replica settings = config.replica();
    if (!settings.configured()) {
      return none();
    }
    PoolOptions one = new PoolOptions().setMaxSize(1);
    Pool primary = PgBuilder.pool().with(one).connectingTo(PgPools.connectOptions(config)).using(vertx).build();
    Pool replica = PgBuilder.pool().with(one).with(PgPools.replicaNetOptions())
        .connectingTo(PgPools.replicaConnectOptions(config)).using(vertx).build();
    ReplicaLag lag = new ReplicaLag(vertx, primary, replica, settings.maxLagMs(), settings.lagCheckMs());
    lag.check();
    return lag;
  }

  /** Whether reads may go to the replica now: its lag as last measured, plus the time since, within the bound. */
  public boolean fresh() {
    return fresh && monotonicMs() <= freshUntilMs;
  }

  /** A read on the replica failed: reads go to the primary until a check finds it usable again. */
  public void readFailed(Throwable cause) {
    if (fresh) {
      fresh = false;
      changed("unusable: a read failed (" + cause.getMessage() + ")", false);
    }
  }

  public Future<Void> stop() {
    stopped = true;
    fresh = false;
    if (vertx == null) {
      return Future.succeededFuture();
    }
    vertx.cancelTimer(timer);
    return Future.all(primary.close(), replica.close()).mapEmpty();
  }

  private void check() {
    long askedAt = monotonicMs();
    primary.query(PRIMARY_POSITION).execute()
        .onSuccess(rows -> positions.add(rows.iterator().next().getLong("position"), askedAt))
        // Without the primary's position the kept positions age, and the lag with them.
        .transform(ignored -> replica.query(REPLAYED_POSITION).execute())
        .onComplete(replayed -> {
          if (stopped) {
            return;
          }
          if (replayed.failed()) {
            unusable("unusable: it does not answer (" + replayed.cause().getMessage() + ")");
          } else {
            measure(replayed.result().iterator().next());
          }
          timer = vertx.setTimer(checkMs, id -> check());
        });
  }

  private void measure(Row row) {
    Long position = row.getLong("position");
    if (!Boolean.TRUE.equals(row.getBoolean("standby")) || position == null) {
      unusable("unusable: it is not a standby (promoted, or PG_REPLICA_HOST names a primary)");
      return;
    }
    long now = monotonicMs();
    long lag = positions.lagMs(position, now);
    if (lag < 0) {
      unusable("behind: it has not replayed the primary's position of any kept check");
      return;
    }
    MEASURED_MS.set(lag);
    boolean within = lag <= maxLagMs;
    freshUntilMs = now - lag + maxLagMs;
    fresh = within && !stopped;
    changed(within ? "in use (lag " + lag + " ms)" : "behind by " + lag + " ms, over PG_REPLICA_MAX_LAG_MS=" + maxLagMs, within);
  }

  /** Ages are measured on the monotonic clock: a wall clock set back would make a stale replica's lag 0. */
  private static long monotonicMs() {
    return System.nanoTime() / 1_000_000;
  }

  private void unusable(String why) {
    fresh = false;
    MEASURED_MS.set(-1);
    changed(why, false);
  }

  /** Logs when reads start or stop going to the replica, or the reason changes: not at every check. */
  private synchronized void changed(String now, boolean usable) {
    String kind = now.split("[ :]", 2)[0];
    if (!kind.equals(lastKind)) {
      if (usable) {
        LOG.info("Read replica {}: read-only endpoints go to it", now);
      } else {
        LOG.warn("Read replica {}: reads go to the primary", now);
      }
    }
    lastKind = kind;
  }
}
