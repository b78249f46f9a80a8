package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.api.Timestamps.format;
import static gg.phoenix.coupons.api.Timestamps.utc;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Eligibility;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.JsonFields;
import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.Pages;
import gg.phoenix.coupons.coupon.CouponViews;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.near.RedisCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A tenant's reward items and coupon definitions. */
final class Catalog {

  static final ApiError DEFINITION_NOT_FOUND = ApiError.notFound("definition_not_found", "Coupon definition not found");
  private static final Set<String> DEFINITION_STATUSES = Set.of("active", "paused", "archived");
  private static final Set<String> REWARD_ITEM_KEYS = Set.of("name", "description", "reward_type", "payload");
  private static final Map<String, String> REWARD_ITEM_NOT_YET = Map.of("translations",
      "reward items cannot be translated yet; translate the definition's name and description instead");
  private static final Set<String> DEFINITION_CHANGES = Set.of("status", "name", "description", "expires_at", "config");
  /** What PATCH may change of a definition's config: its eligibility rules (null removes them). */
  private static final Set<String> CONFIG_CHANGES = Set.of("eligibility");

  private final Pool pool;
  private final RedisCache cache;

  Catalog(Pool pool, RedisCache cache) {
    this.pool = pool;
    this.cache = cache;
  }

  Future<JsonObject> createRewardItem(String tenantId, JsonObject body) {
    JsonFields fields = JsonFields.of(body).onlyKnown("", REWARD_ITEM_KEYS, REWARD_ITEM_NOT_YET);
    String name = fields.requiredString("name", 200);
    String description = fields.optionalString("description", 2000);
    String rewardType = fields.requiredString("reward_type", 64);
    JsonObject payload = fields.optionalObject("payload");
    Tuple args = Tuple.of(tenantId, name, description == null ? "" : description, rewardType,
        payload == null ? new JsonObject() : payload);
    return pool.preparedQuery(ManagementSql.INSERT_REWARD_ITEM).execute(args)
        .map(rows -> rewardItem(rows.iterator().next()));
  }

  /** A page of the tenant's reward items, oldest first ({@code limit} of them, after {@code cursor} when given). */
  Future<JsonObject> listRewardItems(String tenantId, int limit, String cursor) {
    PageCursor after = PageCursor.decode(cursor);
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(ManagementSql.LIST_REWARD_ITEMS).execute(Tuple.of(tenantId, limit + 1))
        : pool.preparedQuery(ManagementSql.LIST_REWARD_ITEMS_AFTER).execute(Tuple.of(tenantId, limit + 1, after.atUtc(), after.id()));
    return rows.map(page -> Pages.of("reward_items", page, limit, Catalog::rewardItem,
        row -> new PageCursor(row.getOffsetDateTime("created_at").toInstant(), row.getUUID("id"))));
  }

  /**
   * Every definition of the tenant, paused and archived ones too, oldest first, each with {@code total_uses_cap}
   * and {@code remaining_uses} (null without a cap: uses are counted against a cap only).
   */
  Future<JsonObject> listAllDefinitions(String tenantId, int limit, String cursor) {
    PageCursor after = PageCursor.decode(cursor);
    Future<RowSet<Row>> rows = after == null
        ? pool.preparedQuery(ManagementSql.LIST_ALL_DEFINITIONS).execute(Tuple.of(tenantId, limit + 1))
        : pool.preparedQuery(ManagementSql.LIST_ALL_DEFINITIONS_AFTER).execute(Tuple.of(tenantId, limit + 1, after.atUtc(), after.id()));
    return rows.map(page -> Pages.of("definitions", page, limit, row -> {
      Integer cap = row.getInteger("total_uses_cap");
      return CouponViews.definition(row).put("total_uses_cap", cap)
          .put("remaining_uses", cap == null ? null : Math.max(0, cap - row.getInteger("total_uses")));
    }, row -> new PageCursor(row.getOffsetDateTime("created_at").toInstant(), row.getUUID("id"))));
  }

  /** Creates the definition and, for a public code, its code row, in one transaction. */
  Future<JsonObject> createDefinition(String tenantId, JsonObject body) {
    NewDefinition def = NewDefinition.parse(body);
    return pool.withTransaction(conn -> conn.preparedQuery(ManagementSql.REWARD_ITEMS_OF)
        .execute(Tuple.tuple().addString(tenantId).addArrayOfUUID(def.rewardItemIds().toArray(UUID[]::new)))
        .compose(found -> rewardItems(def, found))
        .compose(items -> conn.preparedQuery(ManagementSql.INSERT_DEFINITION).execute(Tuple.from(new Object[] {
            tenantId, def.name(), def.description(), def.config(), def.rewardItemId(), def.couponType(),
            def.caseSensitive(), def.usesPerCoupon(), def.totalUsesCap(), utc(def.startsAt()), utc(def.expiresAt()),
            def.bundle() ? items : null, def.translations()})))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (!def.codeFormat().isFixed()) {
            return Future.succeededFuture(row);
          }
          return conn.preparedQuery(ManagementSql.INSERT_PUBLIC_CODE)
              .execute(Tuple.of(tenantId, row.getUUID("id"), def.codeFormat().fixedCode()))
              .compose(inserted -> inserted.size() == 1 ? Future.succeededFuture(row)
                  : Future.failedFuture(new ApiError(409, "code_taken", "This code is already used in this tenant").exception()));
        }))
        .map(CouponViews::definition)
        .compose(definition -> forgetCached(tenantId, definition).map(definition));
  }

  /** The definition's reward items in its order, or 400 when one is not the tenant's. */
  private static Future<JsonArray> rewardItems(NewDefinition def, RowSet<Row> found) {
    if (found.size() != def.rewardItemIds().size()) {
      return Future.failedFuture(def.bundle()
          ? ApiError.badRequest("invalid_reward_item_ids", "reward_item_ids must all be ids of this tenant's reward items").exception()
          : ApiError.badRequest("invalid_reward_item", "reward_item_id must be the id of one of this tenant's reward items").exception());
    }
    Map<UUID, JsonObject> byId = new HashMap<>();
    found.forEach(row -> byId.put(row.getUUID("id"), (JsonObject) row.getJson("item")));
    return Future.succeededFuture(new JsonArray(def.rewardItemIds().stream().map(byId::get).toList()));
  }

  Future<JsonObject> getDefinition(String tenantId, String definitionId) {
    return definitionRow(tenantId, definitionId).map(CouponViews::definition);
  }

  /** The definition row with its code_format, or a 404. */
  Future<Row> definitionRow(String tenantId, String definitionId) {
    return definitionRow(pool, tenantId, definitionId);
  }

  /** As {@link #definitionRow(String, String)}, read through {@code db} (the replica for a routed read). */
  static Future<Row> definitionRow(io.vertx.sqlclient.SqlClient db, String tenantId, String definitionId) {
    UUID id = Ids.uuidOrNull(definitionId);
    if (id == null) {
      return Future.failedFuture(DEFINITION_NOT_FOUND.exception());
    }
    return db.preparedQuery(ManagementSql.GET_DEFINITION).execute(Tuple.of(tenantId, id)).compose(rows -> rows.size() == 0
        ? Future.failedFuture(DEFINITION_NOT_FOUND.exception())
        : Future.succeededFuture(rows.iterator().next()));
  }

  Future<JsonObject> updateDefinition(String tenantId, String definitionId, JsonObject body) {
    UUID id = Ids.uuidOrNull(definitionId);
    if (id == null) {
      return Future.failedFuture(DEFINITION_NOT_FOUND.exception());
    }
    JsonFields fields = JsonFields.of(body).onlyKnown("", DEFINITION_CHANGES);
    String status = fields.optionalString("status", 16);
    if (status != null && !DEFINITION_STATUSES.contains(status)) {
      throw JsonFields.invalid("status", "status is one of active, paused, archived");
    }
    String name = fields.optionalString("name", 200);
    if (name != null && name.isBlank()) {
      throw JsonFields.invalid("name", "name must not be empty");
    }
    String description = fields.optionalString("description", 2000);
    boolean setExpiry = body != null && body.containsKey("expires_at");
    Instant expiresAt = fields.optionalInstant("expires_at");
    JsonObject config = fields.optionalObject("config");
    boolean setEligibility = config != null && config.containsKey("eligibility");
    JsonFields.of(config == null ? new JsonObject() : config).onlyKnown("config.", CONFIG_CHANGES);
    if (config != null && !setEligibility) {
      throw ApiError.badRequest("invalid_request", "config, in a change, holds eligibility (null removes the rules)").exception();
    }
    Object rules = setEligibility ? config.getValue("eligibility") : null;
    JsonObject eligibility = rules == null ? null : Eligibility.parse(rules).toJson();
    if (status == null && name == null && description == null && !setExpiry && !setEligibility) {
      throw ApiError.badRequest("invalid_request", "Send at least one of status, name, description, expires_at, config").exception();
    }
    Tuple args = Tuple.from(new Object[] {tenantId, id, status, name, description, setExpiry, utc(expiresAt),
        setEligibility, eligibility});
    return pool.preparedQuery(ManagementSql.UPDATE_DEFINITION).execute(args)
        .compose(rows -> rows.size() == 0
            ? Future.failedFuture(DEFINITION_NOT_FOUND.exception())
            : Future.succeededFuture(CouponViews.definition(rows.iterator().next())))
        .compose(definition -> forgetCached(tenantId, definition).map(definition));
  }

  /**
   * Drops what Redis holds of a changed definition (the tenant's list, and its public code) before the
   * change is acknowledged, so no instance answers from the old version after that.
   */
  Future<Void> forgetCached(String tenantId, JsonObject definition) {
    List<String> keys = new ArrayList<>(List.of(CacheKeys.activeDefinitions(tenantId),
        CacheKeys.definitionView(tenantId, definition.getString("id"))));
    String publicCode = definition.getJsonObject("config").getString("code");
    if (publicCode != null) {
      keys.add(CacheKeys.publicCode(tenantId, publicCode));
      keys.add(CacheKeys.publicCodes(tenantId));
    }
    return cache.invalidate(keys);
  }

  private static JsonObject rewardItem(Row row) {
    return new JsonObject()
        .put("item_id", row.getUUID("id").toString())
        .put("name", row.getString("name"))
        .put("description", row.getString("description"))
        .put("reward_type", row.getString("reward_type"))
        .put("payload", row.getJson("payload"))
        .put("created_at", format(row.getOffsetDateTime("created_at")));
  }
}
