package gg.phoenix.coupons;

/** Every event-bus address of the service, in one place. */
public final class Addresses {

  public static final String DEFINITIONS_LIST = "coupons.definitions.list";
  public static final String USER_COUPONS = "coupons.user.list";
  public static final String USER_COUPON = "coupons.user.get";
  public static final String USER_REDEMPTIONS = "coupons.user.redemptions";
  public static final String VALIDATE = "coupons.validate";
  public static final String REDEEM = "coupons.redeem";

  public static final String TENANT_CREDENTIALS = "tenants.credentials";

  /** Readiness of the back-ends: answers {"postgres": "up"|"down", "redis": "up"|"down"}, never fails. */
  public static final String HEALTH_CHECK = "health.check";

  /** Local: asks MainVerticle to stop the service in order (HTTP within the grace period, then the rest). */
  public static final String SHUTDOWN = "service.shutdown";

  private Addresses() {
  }
}
