package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.coupon.CouponStore.Attempt;
import gg.phoenix.coupons.coupon.CouponStore.OwnCode;
import io.vertx.core.Future;
import java.util.Comparator;
import java.util.Locale;

/**
 * Sends own-coupon redemptions to PostgreSQL in batches ({@link StatementBatches}), one statement per batch, so
 * that under load PostgreSQL commits many uses per transaction instead of one.
 *
 * <p>One per process, shared by every coupon verticle: with a limit per event loop, the loops' statements ran
 * side by side, half as large, and PostgreSQL spent a third more CPU for the same redemptions
 * (docs/history/performance-log.md). Each answer is given on the event loop that asked.
 */
public final class OwnCodeBatches {

  /** Entries sorted this way take their row locks in the same order in every batch, which keeps deadlocks rare. */
  private static final Comparator<OwnCode> LOCK_ORDER = Comparator
      .comparing(OwnCode::tenantId)
      .thenComparing(entry -> entry.code().toLowerCase(Locale.ROOT));

  private final StatementBatches<OwnCode, Attempt> batches;

  public OwnCodeBatches(int maxInFlight, int maxBatch) {
    this.batches = new StatementBatches<>(maxInFlight, maxBatch, LOCK_ORDER);
  }

  /** Call it on an event loop; the answer comes back on it. A batch this call sends goes through {@code store}. */
  Future<Attempt> redeem(OwnCode entry, CouponStore store) {
    return batches.submit(entry, store::consumeOwnCouponsByCode);
  }
}
