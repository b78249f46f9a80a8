package gg.phoenix.coupons.coupon;

import java.time.Instant;
import java.util.Optional;

/**
 * The checks a coupon must pass before it is used, in the order the guide lists them. They read a
 * snapshot; the conditional update of the redemption enforces the same limits again under lock.
 */
final class CouponRules {

  private CouponRules() {
  }

  /** Whether {@code entered}, as the player typed it, names {@code coupon} under its definition's case rule. */
  static boolean codeMatches(CouponRow coupon, String entered) {
    return coupon.caseSensitive() ? coupon.code().equals(entered) : coupon.code().equalsIgnoreCase(entered);
  }

  /**
   * @param userId the player who would use the coupon, or null when not known (validation without a player)
   */
  static Optional<Rejection> check(CouponRow coupon, String userId, Instant now) {
    if (userId != null && coupon.userId() != null && !coupon.userId().equals(userId)) {
      return Optional.of(Rejection.OTHER_OWNER);
    }
    if (!"active".equals(coupon.definitionStatus())) {
      return Optional.of(Rejection.inactiveDefinition(coupon.definitionStatus()));
    }
    if ("redeemed".equals(coupon.status())) {
      return Optional.of(coupon.isSingleUse() ? Rejection.ALREADY_USED : Rejection.USED_UP);
    }
    if (!"active".equals(coupon.status())) {
      return Optional.of(Rejection.inactiveStatus(coupon.status()));
    }
    if (coupon.expiresAt() != null && !now.isBefore(coupon.expiresAt())) {
      return Optional.of(Rejection.EXPIRED);
    }
    if (coupon.startsAt() != null && now.isBefore(coupon.startsAt())) {
      return Optional.of(Rejection.NOT_YET_ACTIVE);
    }
    if (coupon.totalCapReached()) {
      return Optional.of(Rejection.LIMIT_EXCEEDED);
    }
    return Optional.empty();
  }
}
