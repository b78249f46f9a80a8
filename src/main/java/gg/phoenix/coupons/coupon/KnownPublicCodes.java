package gg.phoenix.coupons.coupon;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import gg.phoenix.coupons.redis.CacheKeys;

/**
 * The codes this process has seen to be public codes, shared by its coupon verticles. They skip the one-statement
 * redemption of a player's own coupon, whose attempt would be a wasted round trip to PostgreSQL. Being out of date
 * costs only that round trip, never a wrong answer: the longer way redeems codes of either kind. Bounded: past
 * {@link #MAX_CODES} the least used are forgotten first (Caffeine's eviction).
 */
public final class KnownPublicCodes {

  static final int MAX_CODES = 10_000;

  private final Cache<String, Boolean> codes = Caffeine.newBuilder().maximumSize(MAX_CODES).build();

  boolean contains(String tenantId, String code) {
    return codes.getIfPresent(CacheKeys.publicCode(tenantId, code)) != null;
  }

  void add(String tenantId, String code) {
    codes.put(CacheKeys.publicCode(tenantId, code), Boolean.TRUE);
  }

  /** How many codes it holds, once any eviction due has run. */
  long size() {
    codes.cleanUp();
    return codes.estimatedSize();
  }
}
