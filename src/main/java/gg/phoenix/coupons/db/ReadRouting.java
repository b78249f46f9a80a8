package gg.phoenix.coupons.db;

import gg.phoenix.coupons.api.ApiException;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.redis.CacheKeys;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one place that decides whether a read goes to the read replica or the primary. Only the read-only endpoints
 * ask it (their callers name the tenant, and the player when the read is a player's own); validation, redemption and
 * every change always use the primary pool directly. A read goes to the replica when one is configured, its lag is
 * within PG_REPLICA_MAX_LAG_MS ({@link ReplicaLag}), and no pin keeps the tenant or the player on the primary;
 * a read the replica fails, or has not answered within half of REQUEST_TIMEOUT_MS, is run again on the primary.
 *
 * <p>Read-your-writes: a redemption pins its player, a change of the tenant's data pins the tenant, for
 * {@link ServiceConfig.Replica#pinMs()}, as a Redis key with that lifetime, so every instance behind a load balancer
 * honours a pin another one set. When Redis does not answer, the pin cannot be read: the read goes to the primary.
 */
public final class ReadRouting {

  /** Reads served by each pool while a replica is configured (counters at /metrics). */
  public static final AtomicLong SERVED_BY_REPLICA = new AtomicLong();
  public static final AtomicLong SERVED_BY_PRIMARY = new AtomicLong();
  /** Reads the replica failed, run again on the primary. */
  public static final AtomicLong REPLICA_FAILURES = new AtomicLong();

  private final Pool primary;
  private final Pool replica;
  private final ReplicaLag lag;
  private final RedisAPI redis;
  private final long redisTimeoutMs;
  private final String pinMs;
  private final long replicaTimeoutMs;

  private ReadRouting(Pool primary, Pool replica, ReplicaLag lag, RedisAPI redis, long redisTimeoutMs, long pinMs,
                      long requestTimeoutMs) {
    this.primary = primary;
    this.replica = replica;
    this.lag = lag;
    this.redis = redis;
    this.redisTimeoutMs = redisTimeoutMs;
    this.pinMs = Long.toString(pinMs);
    // A replica that hangs (its connections open, answering nothing) leaves the other half for the primary.
    this.replicaTimeoutMs = Math.max(1, requestTimeoutMs / 2);
  }

  /**
   * Reads whose primary is {@code primary} (the shared pool, or the bulk lane's for exports), routed to the
   * replica's pool when PG_REPLICA_HOST is set (the verticle closes both pools, as its own).
   */
  public static ReadRouting of(Pool primary, Pool replicaOrNull, ReplicaLag lag, RedisAPI redis, ServiceConfig config) {
    return new ReadRouting(primary, replicaOrNull, lag, redis, config.redis().timeoutMs(), config.replica().pinMs(),
        config.http().requestTimeoutMs());
  }

  /** A read of the tenant's data (definitions, batches, stats, exports). */
  public <T> Future<T> tenantRead(String tenantId, Function<SqlClient, Future<T>> read) {
    return route(List.of(CacheKeys.primaryPin(tenantId)), read);
  }

  /** A read of one player's coupons or history: their redemptions, and the tenant's changes, pin it. */
  public <T> Future<T> playerRead(String tenantId, String userId, Function<SqlClient, Future<T>> read) {
    return route(List.of(CacheKeys.primaryPin(tenantId), CacheKeys.primaryPin(tenantId, userId)), read);
  }

  /** Keeps the tenant's reads on the primary for the pin's time; to be awaited before the change is answered. */
  public Future<Void> pinTenant(String tenantId) {
    return pin(CacheKeys.primaryPin(tenantId));
  }

  /** Keeps the player's reads on the primary for the pin's time; to be awaited before the redemption is answered. */
  public Future<Void> pinPlayer(String tenantId, String userId) {
    return pin(CacheKeys.primaryPin(tenantId, userId));
  }

  private Future<Void> pin(String key) {
    if (replica == null) {
      return Future.succeededFuture();
    }
    // Not pinned when Redis is away: then no instance can read the pin either, and reads go to the primary.
    return redis.set(List.of(key, "1", "PX", pinMs)).timeout(redisTimeoutMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty().otherwiseEmpty();
  }

  private <T> Future<T> route(List<String> pins, Function<SqlClient, Future<T>> read) {
    if (replica == null) {
      return attempt(read, primary);
    }
    if (!lag.fresh()) {
      return onPrimary(read);
    }
    return redis.exists(pins).timeout(redisTimeoutMs, TimeUnit.MILLISECONDS)
        .map(found -> found.toLong() > 0)
        .otherwise(true)
        .compose(pinned -> pinned ? onPrimary(read) : onReplica(read));
  }

  private <T> Future<T> onReplica(Function<SqlClient, Future<T>> read) {
    return attempt(read, replica).timeout(replicaTimeoutMs, TimeUnit.MILLISECONDS).transform(done -> {
      if (done.succeeded()) {
        SERVED_BY_REPLICA.incrementAndGet();
        return Future.succeededFuture(done.result());
      }
      if (done.cause() instanceof ApiException) {
        SERVED_BY_REPLICA.incrementAndGet();
        return Future.failedFuture(done.cause());
      }
      REPLICA_FAILURES.incrementAndGet();
      lag.readFailed(done.cause());
      return onPrimary(read);
    });
  }

  private <T> Future<T> onPrimary(Function<SqlClient, Future<T>> read) {
    SERVED_BY_PRIMARY.incrementAndGet();
    return attempt(read, primary);
  }

  private static <T> Future<T> attempt(Function<SqlClient, Future<T>> read, SqlClient client) {
    try {
      return read.apply(client);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
