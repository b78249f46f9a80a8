package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.JsonFields;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * A definition as a tenant submits it, checked and with its defaults filled in. The usage limit becomes
 * the two caps the redemption enforces: uses per coupon (per player) and uses across the definition.
 */
record NewDefinition(
    String name,
    String description,
    UUID rewardItemId,
    CodeFormat codeFormat,
    boolean caseSensitive,
    String limitType,
    Integer usesPerCoupon,
    Integer totalUsesCap,
    String couponType,
    Instant startsAt,
    Instant expiresAt) {

  static final int MAX_USES = 1_000_000_000;
  static final Set<String> KEYS = Set.of("name", "description", "config", "starts_at", "expires_at");
  static final Set<String> CONFIG_KEYS = Set.of("reward_item_id", "code_format", "code_prefix", "code_length",
      "pattern", "code", "case_sensitive", "usage_limit", "coupon_type");
  private static final Set<String> USAGE_LIMIT_KEYS = Set.of("limit_type", "max_uses", "max_total_uses");
  private static final Map<String, String> CONFIG_NOT_YET = Map.of("eligibility",
      "eligibility rules are not available yet, and a definition is refused rather than created without its rules");

  static NewDefinition parse(JsonObject body) {
    JsonFields fields = JsonFields.of(body).onlyKnown("", KEYS);
    String name = fields.requiredString("name", 200);
    String description = fields.optionalString("description", 2000);
    JsonObject config = fields.optionalObject("config");
    if (config == null) {
      throw JsonFields.invalid("config", "config is required: a JSON object with reward_item_id and the code settings");
    }
    JsonFields conf = JsonFields.of(config).onlyKnown("config.", CONFIG_KEYS, CONFIG_NOT_YET);
    UUID rewardItemId = parseUuid(conf.requiredString("reward_item_id", 36));
    CodeFormat format = CodeFormat.from(config);
    boolean caseSensitive = conf.optionalBoolean("case_sensitive", false);
    String couponType = conf.optionalString("coupon_type", 64);
    Instant startsAt = fields.optionalInstant("starts_at");
    Instant expiresAt = fields.optionalInstant("expires_at");
    if (startsAt != null && expiresAt != null && !expiresAt.isAfter(startsAt)) {
      throw JsonFields.invalid("expires_at", "expires_at must be after starts_at");
    }
    JsonObject limit = conf.optionalObject("usage_limit");
    JsonFields limits = JsonFields.of(limit == null ? new JsonObject().put("limit_type", "per_user").put("max_uses", 1) : limit)
        .onlyKnown("config.usage_limit.", USAGE_LIMIT_KEYS);
    String limitType = limits.requiredString("limit_type", 16);
    Integer perCoupon;
    Integer total;
    switch (limitType) {
      case "per_user" -> {
        perCoupon = limits.requiredInt("max_uses", 1, MAX_USES);
        total = limits.optionalInt("max_total_uses", 1, MAX_USES);
      }
      case "global" -> {
        perCoupon = null;
        total = limits.requiredInt("max_uses", 1, MAX_USES);
      }
      case "unlimited" -> {
        perCoupon = null;
        total = null;
      }
      default -> throw JsonFields.invalid("limit_type", "usage_limit.limit_type is one of per_user, global, unlimited");
    }
    return new NewDefinition(name, description == null ? "" : description, rewardItemId, format, caseSensitive,
        limitType, perCoupon, total, couponType == null ? "reward" : couponType, startsAt, expiresAt);
  }

  /** The config as stored and shown: the guide's fields, defaults filled in. */
  JsonObject config() {
    JsonObject usageLimit = new JsonObject().put("limit_type", limitType);
    switch (limitType) {
      case "per_user" -> {
        usageLimit.put("max_uses", usesPerCoupon);
        if (totalUsesCap != null) {
          usageLimit.put("max_total_uses", totalUsesCap);
        }
      }
      case "global" -> usageLimit.put("max_uses", totalUsesCap);
      default -> { }
    }
    return new JsonObject()
        .put("reward_item_id", rewardItemId.toString())
        .mergeIn(codeFormat.toConfig())
        .put("case_sensitive", caseSensitive)
        .put("usage_limit", usageLimit)
        .put("coupon_type", couponType);
  }

  private static UUID parseUuid(String value) {
    UUID id = Ids.uuidOrNull(value);
    if (id == null) {
      throw ApiError.badRequest("invalid_reward_item", "reward_item_id must be the id of one of this tenant's reward items").exception();
    }
    return id;
  }
}
