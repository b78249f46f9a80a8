package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.ServiceConfig;
import gg.phoenix.coupons.common.ApiError;
import gg.phoenix.coupons.common.CacheKeys;
import gg.phoenix.coupons.common.RedisCache;
import gg.phoenix.coupons.common.Replies;
import gg.phoenix.coupons.common.Timestamps;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.db.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * Owns the rules of reading, validating and redeeming coupons. Answers requests from the HTTP verticle
 * over the event bus; knows nothing of HTTP beyond the status carried by an {@link ApiError}.
 */
public class CouponVerticle extends VerticleBase {

  private static final ApiError COUPON_NOT_FOUND = ApiError.notFound("coupon_not_found", "Coupon not found");

  private Pool pool;
  private Redis redis;
  private CouponStore store;
  private RedisCache definitionsCache;
  private Validator validator;
  private Redeemer redeemer;

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.from(config());
    pool = PgPools.shared(vertx, config);
    redis = RedisClients.create(vertx, config);
    RedisAPI redisApi = RedisAPI.api(redis);
    store = new CouponStore(pool);
    definitionsCache = new RedisCache(redisApi, config.redisTimeoutMs(), config.cacheTtlSeconds());
    CodeLookup lookup = new CodeLookup(store, definitionsCache);
    UsageGuard guard = new UsageGuard(redisApi, config.redisTimeoutMs(), config.guardCounterTtlSeconds());
    validator = new Validator(store, lookup, guard);
    redeemer = new Redeemer(store, lookup, guard);
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.<JsonObject>consumer(Addresses.DEFINITIONS_LIST, msg -> Replies.answer(msg, definitions(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPONS, msg -> Replies.answer(msg, userCoupons(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPON, msg -> Replies.answer(msg, userCoupon(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_REDEMPTIONS, msg -> Replies.answer(msg, redemptions(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.VALIDATE, msg -> Replies.answer(msg, validator.validate(
            msg.body().getString("tenant_id"), msg.body().getString("code"), msg.body().getString("user_id")))).completion(),
        bus.<JsonObject>consumer(Addresses.REDEEM, msg -> Replies.answer(msg, redeemer.redeem(
            msg.body().getString("tenant_id"), msg.body().getString("code"), msg.body().getString("user_id")))).completion());
  }

  @Override
  public Future<?> stop() {
    return Future.all(pool == null ? Future.succeededFuture() : pool.close(),
        redis == null ? Future.succeededFuture() : redis.close());
  }

  /** Served from Redis when cached; the management API deletes the entry whenever a definition changes. */
  private Future<JsonObject> definitions(JsonObject req) {
    String tenantId = req.getString("tenant_id");
    String key = CacheKeys.activeDefinitions(tenantId);
    return definitionsCache.get(key).compose(hit -> hit.isPresent()
        ? Future.succeededFuture(new JsonObject(hit.get()))
        : store.listActiveDefinitions(tenantId).map(rows -> {
          JsonArray list = new JsonArray();
          rows.forEach(row -> list.add(CouponJson.definition(row)));
          JsonObject answer = new JsonObject().put("definitions", list).put("total", list.size());
          definitionsCache.put(key, answer.encode());
          return answer;
        }));
  }

  private Future<JsonObject> userCoupons(JsonObject req) {
    return store.listUserCoupons(req.getString("tenant_id"), req.getString("user_id")).map(coupons -> {
      JsonArray list = new JsonArray();
      coupons.forEach(c -> list.add(CouponJson.coupon(c)));
      return new JsonObject().put("coupons", list).put("total", list.size());
    });
  }

  private Future<JsonObject> userCoupon(JsonObject req) {
    UUID couponId = parseUuid(req.getString("coupon_id"));
    if (couponId == null) {
      return Future.failedFuture(COUPON_NOT_FOUND.exception());
    }
    return store.findUserCoupon(req.getString("tenant_id"), req.getString("user_id"), couponId)
        .compose(found -> found.map(c -> Future.succeededFuture(CouponJson.coupon(c)))
            .orElseGet(() -> Future.failedFuture(COUPON_NOT_FOUND.exception())));
  }

  private Future<JsonObject> redemptions(JsonObject req) {
    return store.listUserRedemptions(req.getString("tenant_id"), req.getString("user_id"), req.getInteger("limit"))
        .map(rows -> {
          JsonArray list = new JsonArray();
          long total = 0;
          for (Row row : rows) {
            total = row.getLong("total_count");
            list.add(CouponJson.coupon(CouponRow.from(row))
                .put("redeemed_at", Timestamps.format(CouponRow.instant(row, "redemption_redeemed_at")))
                .put("redemption_id", row.getUUID("redemption_id").toString()));
          }
          return new JsonObject().put("redemptions", list).put("total", total);
        });
  }

  private static UUID parseUuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
