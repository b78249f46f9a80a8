package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.PlayerContext;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a coupon may be used: its code as entered, then every {@link Rule} in the guide's order. They read a
 * snapshot; the statement that consumes the use holds the same rules again (see {@link Rule.Recheck}).
 */
final class CouponRules {

  private CouponRules() {
  }

  /** Whether {@code entered}, as the player typed it, names {@code coupon} under its definition's case rule. */
  static boolean codeMatches(CouponRow coupon, String entered) {
    return coupon.caseSensitive() ? coupon.code().equals(entered) : coupon.code().equalsIgnoreCase(entered);
  }

  /**
   * The refusal of the first rule {@code coupon} breaks, or empty when it may be used.
   *
   * @param userId the player who would use the coupon, or null when not known (validation without a player)
   * @param context what the request says of the player, for the definition's eligibility rules
   */
  static Optional<Rejection> check(CouponRow coupon, String userId, PlayerContext context, Instant now) {
    for (Rule rule : Rule.values()) {
      Rejection refusal = rule.refusal(coupon, userId, context, now);
      if (refusal != null) {
        return Optional.of(refusal);
      }
    }
    return Optional.empty();
  }
}
