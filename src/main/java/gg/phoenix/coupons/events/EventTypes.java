package gg.phoenix.coupons.events;

import java.util.Set;

/** The event types the outbox carries; webhooks subscribe to these names. */
public final class EventTypes {

  public static final String REDEEMED = "coupon.redeemed";
  public static final String REDEMPTION_ROLLED_BACK = "coupon.redemption_rolled_back";
  public static final String REVOKED = "coupon.revoked";
  public static final String GENERATION_COMPLETED = "coupon.generation_completed";
  /** One event per revocation of a batch that revoked codes, not one per code (docs/events.md). */
  public static final String BATCH_REVOKED = "coupon.batch_revoked";

  public static final Set<String> ALL = Set.of(REDEEMED, REDEMPTION_ROLLED_BACK, REVOKED, GENERATION_COMPLETED, BATCH_REVOKED);

  private EventTypes() {
  }
}
