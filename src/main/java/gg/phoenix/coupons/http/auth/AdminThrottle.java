package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.budget.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong admin tokens cost the address that sent them: ADMIN_FAILURE_LIMIT of them in a row, then one more per
 * ADMIN_FAILURE_WINDOW_SECONDS / ADMIN_FAILURE_LIMIT, else 429 for everything that address sends to /v1/admin,
 * the right token included (answering it would tell a guesser when it had found the token). Kept in this process:
 * the ops listener is each instance's own. Holds at most {@link #MAX_ADDRESSES}; past that, addresses whose bucket
 * has refilled are forgotten, and if none has, new addresses share one bucket rather than go unthrottled.
 */
public final class AdminThrottle {

  static final int MAX_ADDRESSES = 10_000;
  private static final String OVERFLOW = "*";

  private final ConcurrentHashMap<String, TokenBucket> failures = new ConcurrentHashMap<>();
  private final int limit;
  private final double perSecond;

  public AdminThrottle(int limit, long windowSeconds) {
    this.limit = limit;
    this.perSecond = (double) limit / windowSeconds;
  }

  /** Null when {@code address} may try a token now, else the 429 to answer. */
  public ApiError refusal(String address) {
    TokenBucket bucket = failures.get(key(address));
    if (bucket == null) {
      return null;
    }
    synchronized (bucket) {
      long now = System.nanoTime();
      if (bucket.hasToken(now)) {
        return null;
      }
      long seconds = bucket.secondsUntilToken(now);
      return new ApiError(429, "too_many_attempts",
          "Too many wrong admin tokens from this address; try again in " + seconds + " seconds", seconds);
    }
  }

  /** Counts a wrong token against {@code address}. */
  public void failed(String address) {
    long now = System.nanoTime();
    if (failures.size() >= MAX_ADDRESSES && !failures.containsKey(address)) {
      failures.entrySet().removeIf(e -> {
        synchronized (e.getValue()) {
          return e.getValue().full(now);
        }
      });
    }
    TokenBucket bucket = failures.computeIfAbsent(key(address), a -> new TokenBucket(perSecond, limit, now));
    synchronized (bucket) {
      bucket.tryTake(now);
    }
  }

  private String key(String address) {
    return failures.size() >= MAX_ADDRESSES && !failures.containsKey(address) ? OVERFLOW : address;
  }
}
