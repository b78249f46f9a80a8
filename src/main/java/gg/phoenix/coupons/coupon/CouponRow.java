package gg.phoenix.coupons.coupon;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A coupon as the rules see it: its own state, the effective dates, its definition and reward item. */
record CouponRow(
    UUID id,
    String tenantId,
    UUID definitionId,
    String kind,
    String userId,
    String code,
    String status,
    int redemptionCount,
    Integer maxUses,
    Instant generatedAt,
    Instant startsAt,
    Instant expiresAt,
    Instant redeemedAt,
    String definitionName,
    String definitionStatus,
    boolean caseSensitive,
    String couponType,
    Integer usesPerCoupon,
    Integer totalUsesCap,
    int totalUses,
    RewardItem rewardItem) {

  record RewardItem(UUID id, String name, String description, String rewardType, JsonObject payload) {
  }

  static CouponRow from(Row row) {
    return new CouponRow(
        row.getUUID("id"),
        row.getString("tenant_id"),
        row.getUUID("definition_id"),
        row.getString("kind"),
        row.getString("user_id"),
        row.getString("code"),
        row.getString("status"),
        row.getInteger("redemption_count"),
        row.getInteger("max_uses"),
        instant(row, "generated_at"),
        instant(row, "starts_at"),
        instant(row, "expires_at"),
        instant(row, "redeemed_at"),
        row.getString("definition_name"),
        row.getString("definition_status"),
        row.getBoolean("case_sensitive"),
        row.getString("coupon_type"),
        row.getInteger("uses_per_coupon"),
        row.getInteger("total_uses_cap"),
        row.getInteger("total_uses"),
        new RewardItem(
            row.getUUID("item_id"),
            row.getString("item_name"),
            row.getString("item_description"),
            row.getString("reward_type"),
            (JsonObject) row.getJson("item_payload")));
  }

  static Instant instant(Row row, String column) {
    OffsetDateTime value = row.getOffsetDateTime(column);
    return value == null ? null : value.toInstant();
  }

  boolean isPublicCode() {
    return "public".equals(kind);
  }

  boolean isSingleUse() {
    return maxUses != null && maxUses == 1;
  }

  boolean totalCapReached() {
    return totalUsesCap != null && totalUses >= totalUsesCap;
  }
}
