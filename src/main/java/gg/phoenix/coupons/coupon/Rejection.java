package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.ApiError;

/**
 * Why a coupon cannot be used now. Validation reports {@code validateMessage} in a 200 answer;
 * redemption fails with {@code redeemError}. The texts are the API guide's.
 */
record Rejection(String validateMessage, ApiError redeemError) {

  static final Rejection NOT_FOUND = new Rejection("Coupon code not found",
      ApiError.notFound("coupon_not_found", "Coupon not found"));
  static final Rejection EXPIRED = new Rejection("Coupon has expired",
      ApiError.badRequest("coupon_expired", "Coupon has expired"));
  static final Rejection NOT_YET_ACTIVE = new Rejection("Coupon not yet active",
      ApiError.badRequest("coupon_not_yet_active", "Coupon not yet active"));
  static final Rejection ALREADY_USED = new Rejection("Coupon has already been used",
      ApiError.badRequest("coupon_already_redeemed", "Coupon has already been redeemed"));
  static final Rejection USED_UP = new Rejection("Coupon status: redeemed",
      ApiError.badRequest("coupon_already_redeemed", "Coupon has already been redeemed"));
  static final Rejection LIMIT_EXCEEDED = new Rejection("Usage limit exceeded",
      ApiError.badRequest("usage_limit_exceeded", "Usage limit exceeded"));
  static final Rejection NOT_ELIGIBLE = new Rejection("Coupon is not available for this player",
      ApiError.badRequest("not_eligible", "Coupon is not available for this player"));
  static final Rejection OTHER_OWNER = new Rejection("Coupon is assigned to another user",
      new ApiError(403, "coupon_not_owned", "Coupon is assigned to another user"));

  /** A coupon whose status is neither active nor redeemed, e.g. "Coupon status: revoked". */
  static Rejection inactiveStatus(String status) {
    String message = "Coupon status: " + status;
    return new Rejection(message, ApiError.badRequest("coupon_" + status, message));
  }

  /** A coupon whose definition was paused or archived. */
  static Rejection inactiveDefinition(String status) {
    String message = "Coupon definition is " + status;
    return new Rejection(message, ApiError.badRequest("definition_" + status, message));
  }
}
