package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.redis.CacheKeys;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * The codes this process has seen to be public codes, shared by its coupon verticles. They skip the one-statement
 * redemption of a player's own coupon, whose attempt would be a wasted round trip to PostgreSQL. Being out of date
 * costs only that round trip, never a wrong answer: the longer way redeems codes of either kind.
 */
final class KnownPublicCodes {

  private static final int MAX_CODES = 10_000;

  private final LocalMap<String, Boolean> codes;

  KnownPublicCodes(Vertx vertx) {
    codes = vertx.sharedData().getLocalMap("coupons.known-public-codes");
  }

  boolean contains(String tenantId, String code) {
    return codes.containsKey(CacheKeys.publicCode(tenantId, code));
  }

  void add(String tenantId, String code) {
    if (codes.size() >= MAX_CODES) {
      codes.clear();
    }
    codes.put(CacheKeys.publicCode(tenantId, code), Boolean.TRUE);
  }
}
