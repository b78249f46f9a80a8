package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.LuaScript;
import gg.phoenix.coupons.redis.RedisOutage;
import gg.phoenix.coupons.redis.near.Announcements;
import gg.phoenix.coupons.redis.near.LocalCaches;
import gg.phoenix.coupons.stats.CampaignCounters;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Defence against guessing codes: unknown codes are counted per tenant and guesser ({@link Guessers}: a player, or
 * a client address per kind of credential); past the limit, validate and redeem answer 429 to that guesser until
 * the window ends. Other tenants, players and clients are not affected. Without Redis nothing is throttled: this
 * protects codes from enumeration, it is not a usage limit.
 *
 * <p>The miss that reaches the limit locks the guesser out in this process at once, and is announced to the
 * other instances and written to the index of lockouts in force ({@link CacheKeys#lockoutIndex()}), which an
 * instance loads when it subscribes. So the check reads only this process's {@link LocalCaches#lockouts()},
 * unless the subscription is down, when it reads the miss counter in Redis as before.
 */
final class LookupThrottle {

  private static final LuaScript COUNT_MISS = LuaScript.fromClasspath("lua/count_miss.lua");

  private final RedisAPI redis;
  private final long timeoutMs;
  private final int limit;
  private final long windowSeconds;
  private final long signatureSeconds;
  private final LocalCaches near;
  private final CampaignCounters counters;

  /**
   * @param signatureSeconds how long a signed request may be sent again (twice HMAC_MAX_SKEW_SECONDS: its
   *                         timestamp is acceptable from that far before the server's clock to that far after)
   */
  LookupThrottle(RedisAPI redis, long timeoutMs, int limit, long windowSeconds, long signatureSeconds, LocalCaches near,
                 CampaignCounters counters) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.limit = limit;
    this.windowSeconds = windowSeconds;
    this.signatureSeconds = signatureSeconds;
    this.near = near;
    this.counters = counters;
  }

  /** Fails with 429 while any of {@code guessers} is locked out in this tenant. */
  Future<Void> check(String tenantId, List<String> guessers) {
    if (near.lockoutsTrusted()) {
      long leftMs = 0;
      for (String who : guessers) {
        leftMs = Math.max(leftMs, near.lockouts().remainingMillis(tenantId, who));
      }
      return leftMs == 0 ? Future.succeededFuture() : refuse((leftMs + 999) / 1000);
    }
    Future<Void> chain = Future.succeededFuture();
    for (String who : guessers) {
      chain = chain.compose(v -> checkInRedis(tenantId, who));
    }
    return chain;
  }

  private Future<Void> checkInRedis(String tenantId, String who) {
    String key = CacheKeys.failedLookups(tenantId, who);
    return redis.get(key).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(err -> {
          RedisOutage.noticed(err);
          return null;
        })
        .compose(misses -> misses == null || misses.toInteger() < limit
            ? Future.succeededFuture()
            : redis.ttl(key).otherwise(err -> null).compose(ttl ->
                refuse(ttl == null || ttl.toLong() < 1 ? windowSeconds : ttl.toLong())));
  }

  private static Future<Void> refuse(long retryAfterSeconds) {
    Counters.LOOKUP_LOCKOUTS.incrementAndGet();
    return Future.failedFuture(ApiError.tooManyAttempts(retryAfterSeconds).exception());
  }

  /**
   * Counts a miss against each of {@code guessers}. A signed read ({@code signatureId} not null) is counted once,
   * however often it comes: whoever captured one may send it again while its timestamp is fresh, naming any player
   * in a query the signature need not cover, and must not lock that player out by repeating it.
   */
  void recordMiss(String tenantId, List<String> guessers, String signatureId) {
    if (signatureId == null) {
      guessers.forEach(who -> recordMiss(tenantId, who));
      return;
    }
    // Instances' clocks may differ a little: the mark outlives the signature by a few seconds.
    String ttl = String.valueOf(signatureSeconds + 5);
    redis.set(List.of(CacheKeys.countedMiss(tenantId, signatureId), "1", "NX", "EX", ttl))
        .onSuccess(first -> {
          if (first != null) {
            guessers.forEach(who -> recordMiss(tenantId, who));
          }
        })
        .onFailure(RedisOutage::noticed);
  }

  private void recordMiss(String tenantId, String who) {
    COUNT_MISS.call(redis, List.of(CacheKeys.failedLookups(tenantId, who)), List.of(String.valueOf(windowSeconds)))
        .onSuccess(counted -> {
          int misses = counted.get(0).toInteger();
          if (misses == limit) { // the miss that locks out; later ones in the window only renew it
            counters.lockedOut(tenantId);
          }
          if (misses >= limit) {
            long leftMs = counted.get(1).toLong();
            lockOut(tenantId, who, leftMs > 0 ? leftMs : windowSeconds * 1000);
          }
        })
        .onFailure(RedisOutage::noticed);
  }

  /** Here at once; elsewhere by announcement, and through the index for instances subscribing later. */
  private void lockOut(String tenantId, String who, long leftMs) {
    long now = System.currentTimeMillis();
    near.lockouts().lock(tenantId, who, now + leftMs);
    String index = CacheKeys.lockoutIndex();
    redis.zremrangebyscore(index, "-inf", String.valueOf(now))
        .compose(trimmed -> redis.zadd(List.of(index, String.valueOf(now + leftMs), Announcements.lockoutMember(tenantId, who))))
        .compose(added -> redis.publish(Announcements.CHANNEL, Announcements.lockout(tenantId, who, leftMs)))
        .onFailure(RedisOutage::noticed);
  }
}
