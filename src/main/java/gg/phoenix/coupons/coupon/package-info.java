/**
 * Coupons: reading, validating, redeeming and rolling back, with {@link gg.phoenix.coupons.coupon.CouponVerticle}
 * answering the HTTP side over the event bus. Owns the coupon rules, their SQL, the Lua guard's calls and the
 * lookup lockouts. Knows nothing of HTTP beyond the status an {@code ApiError} carries; definitions, codes and
 * tenants are management's.
 */
package gg.phoenix.coupons.coupon;
