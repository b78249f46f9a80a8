package gg.phoenix.coupons.redis.near;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Guessers locked out of validate and redeem, per tenant, until an instant (epoch milliseconds, since
 * instances exchange them). Holds at most {@link LocalCaches#MAX_ENTRIES}: past that, the caller is told not to
 * trust it ({@link #full()}) rather than have it forget a lockout.
 */
public final class Lockouts {

  private record Guesser(String tenantId, String who) {
  }

  private final ConcurrentHashMap<Guesser, Long> until = new ConcurrentHashMap<>();

  /** Locks {@code who} out until {@code untilMillis}, or longer if it already was. */
  public void lock(String tenantId, String who, long untilMillis) {
    if (until.size() >= LocalCaches.MAX_ENTRIES) {
      long now = System.currentTimeMillis();
      until.values().removeIf(end -> end <= now);
    }
    until.merge(new Guesser(tenantId, who), untilMillis, Math::max);
  }

  /** Milliseconds {@code who} is still locked out for, 0 when not. */
  public long remainingMillis(String tenantId, String who) {
    Guesser guesser = new Guesser(tenantId, who);
    Long end = until.get(guesser);
    if (end == null) {
      return 0;
    }
    long left = end - System.currentTimeMillis();
    if (left <= 0) {
      until.remove(guesser, end);
      return 0;
    }
    return left;
  }

  public boolean full() {
    return until.size() >= LocalCaches.MAX_ENTRIES;
  }

  void clear() {
    until.clear();
  }
}
