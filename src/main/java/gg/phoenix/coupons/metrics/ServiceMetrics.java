package gg.phoenix.coupons.metrics;

import gg.phoenix.coupons.db.ReadRouting;
import gg.phoenix.coupons.db.ReplicaLag;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The service's own meters beside Vert.x's (served at /metrics): redemptions by outcome, guard
 * rejections, Redis fallbacks, lockouts, statements sent to PostgreSQL, the outbox's lag, and which pool served the
 * read-only endpoints with the read replica's lag.
 * Without a metrics backend (tests that start Vert.x plainly) they go to a registry nobody reads.
 */
public final class ServiceMetrics {

  private static final MeterRegistry DETACHED = new SimpleMeterRegistry();
  /** The registry the counters are bound to: each new Vert.x (several in one test run) gets them bound again. */
  private static final AtomicReference<MeterRegistry> COUNTERS_BOUND_TO = new AtomicReference<>();
  /** Meters are looked up once: registering on every call costs more than the count itself. */
  private static final Map<String, Counter> REDEMPTIONS = new ConcurrentHashMap<>();
  private static final AtomicReference<DistributionSummary> OUTBOX_LAG = new AtomicReference<>();
  private static volatile MeterRegistry cachedFor;

  private ServiceMetrics() {
  }

  /** The registry in use, forgetting the meters kept for another one (a new Vert.x, as in tests). */
  private static MeterRegistry current() {
    MeterRegistry registry = registry();
    if (registry != cachedFor) {
      REDEMPTIONS.clear();
      OUTBOX_LAG.set(null);
      cachedFor = registry;
    }
    return registry;
  }

  private static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return DETACHED;
    }
    if (COUNTERS_BOUND_TO.getAndSet(registry) != registry) {
      bind(registry, "coupons_guard_rejections", "Redemptions refused by the Redis guard, never reaching PostgreSQL", Counters.GUARD_REJECTIONS);
      bind(registry, "coupons_redis_fallbacks", "Redemptions decided by PostgreSQL alone because Redis did not answer", Counters.REDIS_FALLBACKS);
      bind(registry, "coupons_lookup_lockouts", "Validate or redeem calls refused with 429 after too many unknown codes", Counters.LOOKUP_LOCKOUTS);
      bind(registry, "coupons_rule_queries", "SQL statements sent to PostgreSQL by the coupon rules", Counters.COUPON_QUERIES);
      String routed = "Reads of the read-only endpoints by the pool that served them, while a read replica is configured";
      FunctionCounter.builder("coupons_replica_routed_reads", ReadRouting.SERVED_BY_REPLICA, AtomicLong::get)
          .description(routed).tag("pool", "replica").register(registry);
      FunctionCounter.builder("coupons_replica_routed_reads", ReadRouting.SERVED_BY_PRIMARY, AtomicLong::get)
          .description(routed).tag("pool", "primary").register(registry);
      bind(registry, "coupons_replica_read_failures", "Reads the replica failed, run again on the primary", ReadRouting.REPLICA_FAILURES);
      Gauge.builder("coupons_replica_lag_ms", ReplicaLag.MEASURED_MS, AtomicLong::get)
          .description("The read replica's last measured lag in milliseconds; -1 unknown or unusable").register(registry);
    }
    return registry;
  }

  /**
   * Binds the service's counters to the registry in use, at start-up: otherwise they would show at /metrics only
   * once a redemption or an outbox event registered the first meter.
   */
  public static void bind() {
    current();
  }

  /** One redemption attempt's outcome: "redeemed" or the error code it was answered with. */
  public static void redemption(String outcome) {
    MeterRegistry registry = current();
    REDEMPTIONS.computeIfAbsent(outcome, key -> Counter.builder("coupons_redemptions")
        .description("Redemption attempts by outcome").tag("outcome", key).register(registry)).increment();
  }

  /** Milliseconds between an event's commit and its publication by the relay. */
  public static void outboxLag(double millis) {
    MeterRegistry registry = current();
    OUTBOX_LAG.updateAndGet(summary -> summary != null ? summary : DistributionSummary.builder("coupons_outbox_lag")
        .description("Time from commit to publication of outbox events").baseUnit("milliseconds")
        .publishPercentiles(0.5, 0.99).register(registry)).record(millis);
  }

  private static void bind(MeterRegistry registry, String name, String description, AtomicLong value) {
    FunctionCounter.builder(name, value, AtomicLong::get).description(description).register(registry);
  }
}
