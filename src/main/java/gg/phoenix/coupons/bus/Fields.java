package gg.phoenix.coupons.bus;

/** The JSON names of the request records' fields, each written once. */
final class Fields {

  static final String TENANT_ID = "tenant_id";
  static final String CODE = "code";
  static final String USER_ID = "user_id";
  static final String CREDENTIAL = "credential";
  static final String CLIENT = "client";
  static final String SIGNATURE_ID = "signature_id";
  static final String REDEMPTION_ID = "redemption_id";
  static final String REASON = "reason";
  static final String COUPON_ID = "coupon_id";
  static final String LIMIT = "limit";
  static final String CURSOR = "cursor";
  static final String ID = "id";
  static final String BODY = "body";

  private Fields() {
  }
}
