package gg.phoenix.coupons.stats;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Validations per definition and outcome, and lockouts per tenant, counted in this process since the last flush.
 * Thread-safe; created once by MainVerticle and shared by the verticles that count and the one that flushes.
 */
public final class CampaignCounters {

  /** The outcome of a validation answered valid; a refusal's outcome is its error code (coupon_expired, ...). */
  public static final String VALID = "ok";

  /** What was counted between two flushes. */
  public record Counts(Map<Outcome, LongAdder> validations, Map<String, LongAdder> lockouts) {

    static Counts empty() {
      return new Counts(new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
    }

    public boolean isEmpty() {
      return validations.isEmpty() && lockouts.isEmpty();
    }
  }

  /** A definition of a tenant and how one of its codes' validations ended. */
  public record Outcome(String tenantId, UUID definitionId, String outcome) {
  }

  private final AtomicReference<Counts> current = new AtomicReference<>(Counts.empty());

  public void validated(String tenantId, UUID definitionId, String outcome) {
    current.get().validations().computeIfAbsent(new Outcome(tenantId, definitionId, outcome), k -> new LongAdder()).increment();
  }

  public void lockedOut(String tenantId) {
    current.get().lockouts().computeIfAbsent(tenantId, k -> new LongAdder()).increment();
  }

  /**
   * What was counted since the last call, starting afresh. A count made on another thread at this moment may land in
   * the returned maps after they are read: take them a moment later (the flusher reads them on its next turn).
   */
  Counts drain() {
    return current.getAndSet(Counts.empty());
  }

  /** Counts that could not be written, back into the next flush. */
  void restore(Counts unwritten) {
    Counts now = current.get();
    unwritten.validations().forEach((key, n) -> now.validations().computeIfAbsent(key, k -> new LongAdder()).add(n.sum()));
    unwritten.lockouts().forEach((key, n) -> now.lockouts().computeIfAbsent(key, k -> new LongAdder()).add(n.sum()));
  }
}
