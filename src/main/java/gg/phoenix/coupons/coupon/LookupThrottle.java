package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.common.ApiError;
import gg.phoenix.coupons.common.CacheKeys;
import gg.phoenix.coupons.common.Counters;
import gg.phoenix.coupons.common.LuaScript;
import gg.phoenix.coupons.common.RedisOutage;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Defence against guessing codes: unknown codes are counted per tenant and player (or per tenant and
 * client address when no player is named); past the limit, validate and redeem answer 429 until the
 * window ends. Other tenants and players are not affected. Without Redis nothing is throttled: this
 * protects codes from enumeration, it is not a usage limit.
 */
final class LookupThrottle {

  private static final LuaScript COUNT_MISS = LuaScript.fromClasspath("lua/count_miss.lua");

  private final RedisAPI redis;
  private final long timeoutMs;
  private final int limit;
  private final long windowSeconds;

  LookupThrottle(RedisAPI redis, long timeoutMs, int limit, long windowSeconds) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.limit = limit;
    this.windowSeconds = windowSeconds;
  }

  /** Fails with 429 while {@code who} is locked out in this tenant. */
  Future<Void> check(String tenantId, String who) {
    String key = CacheKeys.failedLookups(tenantId, who);
    return redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(err -> {
          RedisOutage.noticed(err);
          return null;
        })
        .compose(misses -> misses == null || misses.toInteger() < limit
            ? Future.succeededFuture()
            : redis.ttl(key).otherwise(err -> null).compose(ttl -> {
              Counters.LOOKUP_LOCKOUTS.incrementAndGet();
              long retryAfter = ttl == null || ttl.toLong() < 1 ? windowSeconds : ttl.toLong();
              return Future.failedFuture(ApiError.tooManyAttempts(retryAfter).exception());
            }));
  }

  void recordMiss(String tenantId, String who) {
    COUNT_MISS.call(redis, List.of(CacheKeys.failedLookups(tenantId, who)), List.of(String.valueOf(windowSeconds)))
        .onFailure(RedisOutage::noticed);
  }
}
