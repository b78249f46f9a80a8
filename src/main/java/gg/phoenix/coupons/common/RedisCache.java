package gg.phoenix.coupons.common;

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

  /** @param enabled false only to measure the service without its caches (CACHE_ENABLED=false) */
  public RedisCache(RedisAPI redis, long timeoutMs, long ttlSeconds, boolean enabled) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.ttlSeconds = String.valueOf(ttlSeconds);
    this.enabled = enabled;
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

  /** Drops entries; answers once Redis has (or has failed to, which the lifetime then covers). */
  public Future<Void> invalidate(List<String> keys) {
    return redis.del(keys).timeout(timeoutMs, TimeUnit.MILLISECONDS).<Void>mapEmpty()
        .otherwise(err -> {
          RedisOutage.noticed(err);
          return null;
        });
  }
}
