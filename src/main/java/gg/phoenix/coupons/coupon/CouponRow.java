package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.Eligibility;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A coupon as the rules see it: its own state, the effective dates, its definition and reward item; {@code bundle}
 * is every reward item of a definition made with reward_item_ids, as shown (null for a definition of one item);
 * {@code eligibility} the definition's rules (null: none); {@code batchRevoked} whether the coupon's batch was revoked
 * (its code may not be revoked itself yet).
 */
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
    RewardItem rewardItem,
    JsonArray bundle,
    Eligibility eligibility,
    boolean batchRevoked) {

  record RewardItem(UUID id, String name, String description, String rewardType, JsonObject payload) {
  }

  /** The status callers see: revoked once the coupon's batch is, before the revocation's walk reaches the code. */
  String shownStatus() {
    return batchRevoked ? "revoked" : status;
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
            (JsonObject) row.getJson("item_payload")),
        (JsonArray) row.getJson("reward_items"),
        Eligibility.fromJson((JsonObject) row.getJson("eligibility")),
        row.getBoolean("batch_revoked"));
  }

  /** The row as kept in the cache of public codes. */
  JsonObject toCache() {
    return new JsonObject()
        .put("id", id.toString()).put("tenant_id", tenantId).put("definition_id", definitionId.toString())
        .put("kind", kind).put("user_id", userId).put("code", code).put("status", status)
        .put("redemption_count", redemptionCount).put("max_uses", maxUses)
        .put("generated_at", millis(generatedAt)).put("starts_at", millis(startsAt)).put("expires_at", millis(expiresAt))
        .put("redeemed_at", millis(redeemedAt)).put("definition_name", definitionName)
        .put("definition_status", definitionStatus).put("case_sensitive", caseSensitive).put("coupon_type", couponType)
        .put("uses_per_coupon", usesPerCoupon).put("total_uses_cap", totalUsesCap).put("total_uses", totalUses)
        .put("item_id", rewardItem.id().toString()).put("item_name", rewardItem.name())
        .put("item_description", rewardItem.description()).put("reward_type", rewardItem.rewardType())
        .put("item_payload", rewardItem.payload()).put("reward_items", bundle)
        .put("eligibility", eligibility == null ? null : eligibility.toJson()).put("batch_revoked", batchRevoked);
  }

  static CouponRow fromCache(JsonObject json) {
    return new CouponRow(
        UUID.fromString(json.getString("id")), json.getString("tenant_id"), UUID.fromString(json.getString("definition_id")),
        json.getString("kind"), json.getString("user_id"), json.getString("code"), json.getString("status"),
        json.getInteger("redemption_count"), json.getInteger("max_uses"),
        instant(json.getLong("generated_at")), instant(json.getLong("starts_at")), instant(json.getLong("expires_at")),
        instant(json.getLong("redeemed_at")), json.getString("definition_name"), json.getString("definition_status"),
        json.getBoolean("case_sensitive"), json.getString("coupon_type"), json.getInteger("uses_per_coupon"),
        json.getInteger("total_uses_cap"), json.getInteger("total_uses"),
        new RewardItem(UUID.fromString(json.getString("item_id")), json.getString("item_name"),
            json.getString("item_description"), json.getString("reward_type"), json.getJsonObject("item_payload")),
        json.getJsonArray("reward_items"), Eligibility.fromJson(json.getJsonObject("eligibility")),
        json.getBoolean("batch_revoked", false));
  }

  private static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
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

  /** The same row with the definition's use count as counted elsewhere (the guard's counter). */
  CouponRow withTotalUses(int uses) {
    return new CouponRow(id, tenantId, definitionId, kind, userId, code, status, redemptionCount, maxUses, generatedAt,
        startsAt, expiresAt, redeemedAt, definitionName, definitionStatus, caseSensitive, couponType, usesPerCoupon,
        totalUsesCap, uses, rewardItem, bundle, eligibility, batchRevoked);
  }

  boolean totalCapReached() {
    return totalUsesCap != null && totalUses >= totalUsesCap;
  }
}
