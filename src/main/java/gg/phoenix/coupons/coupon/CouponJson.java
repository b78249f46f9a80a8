package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.api.Timestamps.format;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;

/** The JSON shapes of the API guide, built from rows. */
final class CouponJson {

  private CouponJson() {
  }

  static JsonObject coupon(CouponRow c) {
    JsonObject coupon = new JsonObject()
        .put("id", c.id().toString())
        .put("definition_id", c.definitionId().toString())
        .put("definition_name", c.definitionName())
        .put("tenant_id", c.tenantId())
        .put("user_id", c.userId())
        .put("code", c.code())
        .put("status", c.shownStatus())
        .put("generated_at", format(c.generatedAt()))
        .put("starts_at", format(c.startsAt()))
        .put("expires_at", format(c.expiresAt()))
        .put("redeemed_at", format(c.redeemedAt()))
        .put("redemption_count", c.redemptionCount())
        .put("coupon_type", c.couponType())
        .put("reward_item", rewardItem(c.rewardItem()));
    return c.bundle() == null ? coupon : coupon.put("reward_items", c.bundle().copy());
  }

  /** Every reward item the coupon grants: a bundle's, else its one. */
  static JsonArray rewardItems(CouponRow c) {
    return c.bundle() == null ? new JsonArray().add(rewardItem(c.rewardItem())) : c.bundle().copy();
  }

  static JsonObject rewardItem(CouponRow.RewardItem item) {
    return new JsonObject()
        .put("item_id", item.id().toString())
        .put("name", item.name())
        .put("description", item.description())
        .put("reward_type", item.rewardType())
        .put("payload", item.payload());
  }

  /** With {@code translations} only when the definition has some, so that one without answers as before. */
  static JsonObject definition(Row row) {
    JsonObject definition = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("tenant_id", row.getString("tenant_id"))
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("config", row.getJson("config"))
        .put("status", row.getString("status"))
        .put("starts_at", format(CouponRow.instant(row, "starts_at")))
        .put("expires_at", format(CouponRow.instant(row, "expires_at")))
        .put("created_at", format(CouponRow.instant(row, "created_at")));
    JsonObject translations = (JsonObject) row.getJson("translations");
    return translations == null || translations.isEmpty() ? definition : definition.put("translations", translations);
  }
}
