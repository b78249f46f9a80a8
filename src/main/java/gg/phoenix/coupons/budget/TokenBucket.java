package gg.phoenix.coupons.budget;

/**
 * A token bucket in this process: {@code capacity} tokens, refilled continuously at {@code perSecond}. Not
 * thread-safe: its owner serialises calls. The request budget's bucket without Redis, and the admin-token throttle.
 */
public final class TokenBucket {

  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  private final double perSecond;
  private final double capacity;
  private double tokens;
  private long refilledAt;

  public TokenBucket(double perSecond, double capacity, long nowNanos) {
    this.perSecond = perSecond;
    this.capacity = capacity;
    this.tokens = capacity;
    this.refilledAt = nowNanos;
  }

  /** Takes one token if there is a whole one. */
  public boolean tryTake(long nowNanos) {
    refill(nowNanos);
    if (tokens < 1) {
      return false;
    }
    tokens -= 1;
    return true;
  }

  /** Whether a whole token is there, without taking it. */
  public boolean hasToken(long nowNanos) {
    refill(nowNanos);
    return tokens >= 1;
  }

  /** Whole seconds until a token is there, at least 1 (for Retry-After). */
  public long secondsUntilToken(long nowNanos) {
    refill(nowNanos);
    double missing = Math.max(0, 1 - tokens);
    return Math.max(1, (long) Math.ceil(missing / perSecond));
  }

  /** Whether the bucket is back to full, so that forgetting it changes nothing. */
  public boolean full(long nowNanos) {
    refill(nowNanos);
    return tokens >= capacity;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - refilledAt;
    if (elapsed > 0) {
      tokens = Math.min(capacity, tokens + elapsed / NANOS_PER_SECOND * perSecond);
      refilledAt = nowNanos;
    }
  }
}
