package gg.phoenix.coupons.redis.near;

import gg.phoenix.coupons.redis.RedisOutage;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Read-through cache entries in Redis with a lifetime. Redis being slow or away is a miss, never an
 * error: the caller reads PostgreSQL instead.
 */
public final class RedisCache {

  private final RedisAPI redis;
  private final long timeoutMs;
  private final String ttlSeconds;
  private final boolean enabled;
  private final LocalCaches near;

  /**
   * @param enabled false only to measure the service without its caches (CACHE_ENABLED=false)
   * @param near this process's copies of entries, which {@link #invalidate} drops too
   */
  public RedisCache(RedisAPI redis, long timeoutMs, long ttlSeconds, boolean enabled, LocalCaches near) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.ttlSeconds = String.valueOf(ttlSeconds);
    this.enabled = enabled;
    this.near = near;
  }

  public Future<Optional<String>> get(String key) {
    if (!enabled) {
      return Future.succeededFuture(Optional.empty());
    }
    return redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(value -> {
          RedisOutage.answered();
          return Optional.ofNullable(value).map(Object::toString);
        })
        .otherwise(err -> {
          RedisOutage.noticed(err);
          return Optional.empty();
        });
  }

  public void put(String key, String value) {
    if (!enabled) {
      return;
    }
    redis.set(List.of(key, value, "EX", ttlSeconds)).onFailure(RedisOutage::noticed);
  }

  /**
   * Drops entries: from Redis, then from this process's copies, then announces the keys so that the other
   * instances drop theirs. In that order, a read that starts after the local drop finds Redis without the entry.
   * Answers once Redis has (or has failed to, which the lifetimes then cover).
   */
  public Future<Void> invalidate(List<String> keys) {
    return quietly(redis.del(keys))
        .compose(deleted -> {
          near.drop(keys);
          return quietly(redis.publish(Announcements.CHANNEL, Announcements.drop(keys)));
        });
  }

  private Future<Void> quietly(Future<?> call) {
    return call.timeout(timeoutMs, TimeUnit.MILLISECONDS).<Void>mapEmpty()
        .otherwise(err -> {
          RedisOutage.noticed(err);
          return null;
        });
  }
}
