package gg.phoenix.coupons.http.auth;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.budget.TokenBucket;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wrong credentials cost whoever sent them (an address, an account): {@code limit} of them in a row, then one more
 * per {@code window / limit}, else 429 for every further try, the right credential included (answering it would tell
 * a guesser when it had found it). Wrong admin tokens are counted per address (ADMIN_FAILURE_LIMIT), wrong console
 * passwords per address and per account (CONSOLE_LOGIN_FAILURE_LIMIT). Kept in this process. Holds at most
 * {@link #MAX_ADDRESSES} keys; past that, keys whose bucket has refilled are forgotten, and if none has, new keys
 * share one bucket rather than go unthrottled.
 */
public final class FailureThrottle {

  static final int MAX_ADDRESSES = 10_000;
  private static final String OVERFLOW = "*";

  private final ConcurrentHashMap<String, TokenBucket> failures = new ConcurrentHashMap<>();
  private final int limit;
  private final double perSecond;
  private final String refusal;

  /** @param refusal what the 429 says before "; try again in N seconds" */
  public FailureThrottle(int limit, long windowSeconds, String refusal) {
    this.limit = limit;
    this.perSecond = (double) limit / windowSeconds;
    this.refusal = refusal;
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
      return new ApiError(429, "too_many_attempts", refusal + "; try again in " + seconds + " seconds", seconds);
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
