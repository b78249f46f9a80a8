package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.near.LocalCaches;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per tenant, the codes that are public, held in the near cache ({@link LocalCaches}, under
 * {@link CacheKeys#publicCodes}), so that a lookup of any other code goes straight to PostgreSQL instead of asking
 * Redis first for a public-code entry that is not there. Only ever a hint: a code it wrongly calls not public is
 * still found by PostgreSQL, which answers for every kind of code, and a code it wrongly calls public takes the
 * longer way through Redis. A tenant's set is read from PostgreSQL on first need, lives as long as the near cache's
 * other copies, and is dropped with them when a definition with a public code is created or changed.
 */
final class PublicCodeHints {

  /**
   * A tenant with more public codes than this has no set: its lookups ask Redis first, as without one, and
   * {@link #TOO_MANY} stands in the set's place for as long, so that the codes are not read again on every lookup.
   */
  static final int MAX_CODES = 1_000;

  private static final Object TOO_MANY = new Object();

  private final CouponStore store;
  private final LocalCaches near;
  private final Set<String> loading = ConcurrentHashMap.newKeySet();

  PublicCodeHints(CouponStore store, LocalCaches near) {
    this.store = store;
    this.near = near;
  }

  /** True only when the tenant's set is held and {@code code} is not in it; starts reading the set when not held. */
  boolean surelyNotPublic(String tenantId, String code) {
    Object held = near.get(CacheKeys.publicCodes(tenantId));
    if (held instanceof Set<?> codes) {
      return !codes.contains(code.toLowerCase(Locale.ROOT));
    }
    if (held == null) {
      load(tenantId);
    }
    return false;
  }

  /** One read per tenant at a time, and none while the near cache holds nothing (caches off, or deaf to the others). */
  private void load(String tenantId) {
    if (!near.holdsCopies() || !loading.add(tenantId)) {
      return;
    }
    long stamp = near.stamp();
    store.publicCodes(tenantId, MAX_CODES + 1).onComplete(done -> {
      loading.remove(tenantId);
      if (done.succeeded()) {
        List<String> codes = done.result();
        near.put(CacheKeys.publicCodes(tenantId), codes.size() <= MAX_CODES ? Set.copyOf(codes) : TOO_MANY, stamp);
      }
    });
  }
}
