package gg.phoenix.coupons.metrics;

import gg.phoenix.coupons.common.Counters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's own meters beside Vert.x's (served at /metrics): redemptions by outcome, guard
 * rejections, Redis fallbacks, lockouts, statements sent to PostgreSQL, and the outbox's lag.
 * Without a metrics backend (tests that start Vert.x plainly) they go to a registry nobody reads.
 */
public final class ServiceMetrics {

  private static final MeterRegistry DETACHED = new SimpleMeterRegistry();
  private static final AtomicBoolean COUNTERS_BOUND = new AtomicBoolean();

  private ServiceMetrics() {
  }

  private static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return DETACHED;
    }
    if (COUNTERS_BOUND.compareAndSet(false, true)) {
      bind(registry, "coupons_guard_rejections", "Redemptions refused by the Redis guard, never reaching PostgreSQL", Counters.GUARD_REJECTIONS);
      bind(registry, "coupons_redis_fallbacks", "Redemptions decided by PostgreSQL alone because Redis did not answer", Counters.REDIS_FALLBACKS);
      bind(registry, "coupons_lookup_lockouts", "Validate or redeem calls refused with 429 after too many unknown codes", Counters.LOOKUP_LOCKOUTS);
      bind(registry, "coupons_rule_queries", "SQL statements sent to PostgreSQL by the coupon rules", Counters.COUPON_QUERIES);
    }
    return registry;
  }

  /** One redemption attempt's outcome: "redeemed" or the error code it was answered with. */
  public static void redemption(String outcome) {
    Counter.builder("coupons_redemptions").description("Redemption attempts by outcome").tag("outcome", outcome)
        .register(registry()).increment();
  }

  /** Milliseconds between an event's commit and its publication by the relay. */
  public static void outboxLag(double millis) {
    DistributionSummary.builder("coupons_outbox_lag").description("Time from commit to publication of outbox events")
        .baseUnit("milliseconds").publishPercentiles(0.5, 0.99).register(registry()).record(millis);
  }

  private static void bind(MeterRegistry registry, String name, String description, AtomicLong value) {
    FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
  }
}
