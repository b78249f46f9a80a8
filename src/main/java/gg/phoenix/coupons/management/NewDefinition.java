package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Eligibility;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.JsonFields;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A definition as a tenant submits it, checked and with its defaults filled in. The usage limit becomes
 * the two caps the redemption enforces: uses per coupon (per player) and uses across the definition.
 */
record NewDefinition(
    String name,
    String description,
    List<UUID> rewardItemIds,
    boolean bundle,
    CodeFormat codeFormat,
    boolean caseSensitive,
    String limitType,
    Integer usesPerCoupon,
    Integer totalUsesCap,
    String couponType,
    Instant startsAt,
    Instant expiresAt,
    JsonObject translations,
    Eligibility eligibility) {

  static final int MAX_USES = 1_000_000_000;
  static final Set<String> KEYS = Set.of("name", "description", "config", "starts_at", "expires_at", "translations");
  static final int MAX_REWARD_ITEMS = 10;
  static final Set<String> CONFIG_KEYS = Set.of("reward_item_id", "reward_item_ids", "code_format", "code_prefix", "code_length",
      "pattern", "code", "case_sensitive", "usage_limit", "coupon_type", "eligibility");
  private static final Set<String> USAGE_LIMIT_KEYS = Set.of("limit_type", "max_uses", "max_total_uses");

  static NewDefinition parse(JsonObject body) {
    JsonFields fields = JsonFields.of(body).onlyKnown("", KEYS);
    String name = fields.requiredString("name", 200);
    String description = fields.optionalString("description", 2000);
    JsonObject config = fields.optionalObject("config");
    if (config == null) {
      throw JsonFields.invalid("config", "config is required: a JSON object with reward_item_id and the code settings");
    }
    JsonFields conf = JsonFields.of(config).onlyKnown("config.", CONFIG_KEYS);
    List<UUID> rewardItemIds = rewardItemIds(conf);
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
    return new NewDefinition(name, description == null ? "" : description, rewardItemIds, conf.has("reward_item_ids"),
        format, caseSensitive,
        limitType, perCoupon, total, couponType == null ? "reward" : couponType, startsAt, expiresAt,
        Translations.parse(fields.optionalObject("translations")),
        conf.has("eligibility") ? Eligibility.parse(config.getValue("eligibility")) : null);
  }

  /** The first reward item: the guide's reward_item_id and reward_item. */
  UUID rewardItemId() {
    return rewardItemIds.get(0);
  }

  /**
   * reward_item_id (the guide's one item), reward_item_ids (a bundle of 1 to 10, the first also its reward_item),
   * or both when reward_item_id is the bundle's first, as a definition's config shows them.
   */
  private static List<UUID> rewardItemIds(JsonFields conf) {
    JsonArray ids = conf.optionalArray("reward_item_ids");
    if (ids == null) {
      return List.of(parseUuid(conf.requiredString("reward_item_id", 36)));
    }
    if (ids.isEmpty() || ids.size() > MAX_REWARD_ITEMS) {
      throw ApiError.badRequest("invalid_reward_item_ids",
          "reward_item_ids holds 1 to " + MAX_REWARD_ITEMS + " ids of this tenant's reward items").exception();
    }
    List<UUID> parsed = new ArrayList<>();
    for (Object id : ids) {
      UUID item = id instanceof String text ? Ids.uuidOrNull(text) : null;
      if (item == null || parsed.contains(item)) {
        throw ApiError.badRequest("invalid_reward_item_ids",
            "reward_item_ids holds distinct ids of this tenant's reward items").exception();
      }
      parsed.add(item);
    }
    String single = conf.optionalString("reward_item_id", 36);
    if (single != null && !parsed.get(0).equals(Ids.uuidOrNull(single))) {
      throw ApiError.badRequest("invalid_reward_item_ids",
          "reward_item_id, when sent with reward_item_ids, is its first id").exception();
    }
    return List.copyOf(parsed);
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
    JsonObject config = new JsonObject().put("reward_item_id", rewardItemId().toString());
    if (bundle) {
      config.put("reward_item_ids", new JsonArray(rewardItemIds.stream().map(UUID::toString).toList()));
    }
    config
        .mergeIn(codeFormat.toConfig())
        .put("case_sensitive", caseSensitive)
        .put("usage_limit", usageLimit)
        .put("coupon_type", couponType);
    return eligibility == null ? config : config.put("eligibility", eligibility.toJson());
  }

  private static UUID parseUuid(String value) {
    UUID id = Ids.uuidOrNull(value);
    if (id == null) {
      throw ApiError.badRequest("invalid_reward_item", "reward_item_id must be the id of one of this tenant's reward items").exception();
    }
    return id;
  }
}
