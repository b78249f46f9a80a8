package gg.phoenix.coupons.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Process-wide counts of what the hot path did, for metrics and for tests that must prove where an
 * attempt went (e.g. that a refused attempt never reached PostgreSQL).
 */
public final class Counters {

  /** Statements the coupon rules sent to PostgreSQL. */
  public static final AtomicLong COUPON_QUERIES = new AtomicLong();
  /** Redemptions refused by the Redis guard without reaching PostgreSQL. */
  public static final AtomicLong GUARD_REJECTIONS = new AtomicLong();
  /** Redemptions that went through PostgreSQL alone because Redis did not answer. */
  public static final AtomicLong REDIS_FALLBACKS = new AtomicLong();
  /** Token signatures checked in full (a token verified a moment ago is not checked again). */
  public static final AtomicLong JWT_SIGNATURE_CHECKS = new AtomicLong();
  /** Lookups refused with 429 after too many unknown codes. */
  public static final AtomicLong LOOKUP_LOCKOUTS = new AtomicLong();

  private Counters() {
  }
}
