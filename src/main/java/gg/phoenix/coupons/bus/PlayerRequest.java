package gg.phoenix.coupons.bus;

import io.vertx.core.json.JsonObject;

/**
 * A read of the guide's lists on behalf of a tenant's player ({@link Addresses#DEFINITIONS_LIST},
 * {@link Addresses#USER_COUPONS}, {@link Addresses#USER_COUPON}, {@link Addresses#USER_REDEMPTIONS}): the player
 * ({@code userId}, null for the definitions), the coupon asked for, and the page: its size ({@code limit}) and where
 * it starts ({@code cursor}, the previous page's next_cursor; null for the first). What a route lacks is null.
 */
public record PlayerRequest(String tenantId, String userId, String couponId, Integer limit, String cursor) {

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put(Fields.TENANT_ID, tenantId);
    Fields.putIfSet(json, Fields.USER_ID, userId);
    Fields.putIfSet(json, Fields.COUPON_ID, couponId);
    Fields.putIfSet(json, Fields.LIMIT, limit);
    Fields.putIfSet(json, Fields.CURSOR, cursor);
    return json;
  }

  public static PlayerRequest fromJson(JsonObject json) {
    return new PlayerRequest(json.getString(Fields.TENANT_ID), json.getString(Fields.USER_ID), json.getString(Fields.COUPON_ID),
        json.getInteger(Fields.LIMIT), json.getString(Fields.CURSOR));
  }
}
