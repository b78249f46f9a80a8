package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/** The JSON names of the request records' fields, each written once. */
final class Fields {

  static final String TENANT_ID = "tenant_id";
  static final String CODE = "code";
  static final String USER_ID = "user_id";
  static final String CONTEXT = "context";
  static final String CREDENTIAL = "credential";
  static final String CLIENT = "client";
  static final String SIGNATURE_ID = "signature_id";
  static final String REDEMPTION_ID = "redemption_id";
  static final String REASON = "reason";
  static final String COUPON_ID = "coupon_id";
  static final String LIMIT = "limit";
  static final String CURSOR = "cursor";
  static final String WEBHOOK_ID = "webhook_id";
  static final String DELIVERY_ID = "delivery_id";
  static final String URL = "url";
  static final String EVENT_TYPES = "event_types";
  static final String PREVIOUS_SECRET_VALID_SECONDS = "previous_secret_valid_seconds";
  static final String AFTER = "after";
  static final String ID = "id";
  static final String BODY = "body";

  private Fields() {
  }

  /** Leaves out a field the request does not have, as the routes always have. */
  static void putIfSet(JsonObject json, String field, Object value) {
    if (value != null) {
      json.put(field, value);
    }
  }
}
