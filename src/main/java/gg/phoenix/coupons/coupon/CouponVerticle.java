package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.ServiceConfig;
import gg.phoenix.coupons.common.ApiError;
import gg.phoenix.coupons.common.ApiException;
import gg.phoenix.coupons.common.CacheKeys;
import gg.phoenix.coupons.common.RedisCache;
import gg.phoenix.coupons.common.Replies;
import gg.phoenix.coupons.metrics.ServiceMetrics;
import gg.phoenix.coupons.common.Timestamps;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.db.RedisClients;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/**
 * Owns the rules of reading, validating and redeeming coupons. Answers requests from the HTTP verticle
 * over the event bus; knows nothing of HTTP beyond the status carried by an {@link ApiError}.
 */
public class CouponVerticle extends VerticleBase {

  private static final ApiError COUPON_NOT_FOUND = ApiError.notFound("coupon_not_found", "Coupon not found");

  private static final ApiError REDEMPTION_NOT_FOUND = ApiError.notFound("redemption_not_found", "Redemption not found");
  private static final ApiError ALREADY_ROLLED_BACK = new ApiError(409, "redemption_already_rolled_back", "Redemption already rolled back");

  private Pool pool;
  private Redis redis;
  private CouponStore store;
  private RedisCache definitionsCache;
  private UsageGuard guard;
  private LookupThrottle throttle;
  private Validator validator;
  private Redeemer redeemer;

  @Override
  public Future<?> start() {
    ServiceConfig config = ServiceConfig.from(config());
    pool = PgPools.shared(vertx, config);
    redis = RedisClients.create(vertx, config, 8);
    RedisAPI redisApi = RedisAPI.api(redis);
    store = new CouponStore(pool);
    definitionsCache = new RedisCache(redisApi, config.redisTimeoutMs(), config.cacheTtlSeconds(), config.cacheEnabled());
    CodeLookup lookup = new CodeLookup(store, definitionsCache);
    guard = new UsageGuard(redisApi, config.redisTimeoutMs(), config.guardCounterTtlSeconds());
    throttle = new LookupThrottle(redisApi, config.redisTimeoutMs(), config.lookupFailureLimit(),
        config.lookupFailureWindowSeconds());
    validator = new Validator(store, lookup, guard);
    redeemer = new Redeemer(store, lookup, guard);
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.<JsonObject>consumer(Addresses.DEFINITIONS_LIST, msg -> Replies.answer(msg, definitions(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPONS, msg -> Replies.answer(msg, userCoupons(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPON, msg -> Replies.answer(msg, userCoupon(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_REDEMPTIONS, msg -> Replies.answer(msg, redemptions(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.VALIDATE, msg -> Replies.answer(msg, validate(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.REDEEM, msg -> Replies.answer(msg, redeem(msg.body()))).completion())
        .compose(v -> bus.<JsonObject>consumer(Addresses.ROLLBACK_REDEMPTION, msg -> Replies.answer(msg, rollback(msg.body()))).completion());
  }

  @Override
  public Future<?> stop() {
    return Future.all(pool == null ? Future.succeededFuture() : pool.close(),
        redis == null ? Future.succeededFuture() : redis.close());
  }

  /** Served from Redis when cached; the management API deletes the entry whenever a definition changes. */
  /** Validation, with unknown codes counted against the player (or client) that tried them. */
  private Future<JsonObject> validate(JsonObject req) {
    String tenantId = req.getString("tenant_id");
    String who = guesser(req);
    return throttle.check(tenantId, who)
        .compose(v -> validator.validate(tenantId, req.getString("code"), req.getString("user_id")))
        .onSuccess(answer -> {
          if (Rejection.NOT_FOUND.validateMessage().equals(answer.getString("error"))) {
            throttle.recordMiss(tenantId, who);
          }
        });
  }

  private Future<JsonObject> redeem(JsonObject req) {
    String tenantId = req.getString("tenant_id");
    String who = guesser(req);
    return throttle.check(tenantId, who)
        .compose(v -> redeemer.redeem(tenantId, req.getString("code"), req.getString("user_id"), req.getString("idempotency_key")))
        .onSuccess(redeemed -> ServiceMetrics.redemption("redeemed"))
        .onFailure(err -> {
          ServiceMetrics.redemption(err instanceof ApiException api ? api.error().code() : "internal_error");
          if (err instanceof ApiException api && api.error().equals(Rejection.NOT_FOUND.redeemError())) {
            throttle.recordMiss(tenantId, who);
          }
        });
  }

  /** Whom unknown codes are counted against: the player when named, else the client's address. */
  private static String guesser(JsonObject req) {
    String userId = req.getString("user_id");
    return userId != null ? "user:" + userId : "client:" + req.getString("client", "unknown");
  }

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

  private Future<JsonObject> rollback(JsonObject req) {
    UUID redemptionId = parseUuid(req.getString("redemption_id"));
    if (redemptionId == null) {
      return Future.failedFuture(REDEMPTION_NOT_FOUND.exception());
    }
    String reason = req.getString("reason");
    return store.rollback(req.getString("tenant_id"), redemptionId, reason, Instant.now(), done -> rolledBackEvent(done, reason))
        .compose(done -> releaseCounters(done).map(v -> new JsonObject()
            .put("redemption_id", done.redemptionId().toString())
            .put("rolled_back_at", Timestamps.format(done.rolledBackAt()))
            .put("reason", reason)
            .put("coupon", CouponJson.coupon(done.coupon()))
            .put("event_id", done.event().getString("event_id"))))
        .recover(err -> err instanceof CouponStore.RollbackRefused refused
            ? Future.failedFuture((refused.reason == CouponStore.NotRolledBack.ALREADY ? ALREADY_ROLLED_BACK : REDEMPTION_NOT_FOUND).exception())
            : Future.failedFuture(err));
  }

  /** Once the rollback has committed, the use goes back to the Redis counters too. */
  private Future<Void> releaseCounters(CouponStore.RolledBack done) {
    return guard.giveBack(done.coupon());
  }

  private static JsonObject rolledBackEvent(CouponStore.RolledBack done, String reason) {
    return Outbox.envelope(EventTypes.REDEMPTION_ROLLED_BACK, done.coupon().tenantId(), done.rolledBackAt())
        .put("user_id", done.userId())
        .put("redemption_id", done.redemptionId().toString())
        .put("reason", reason)
        .put("coupon", CouponJson.coupon(done.coupon()))
        .put("reward_item", CouponJson.rewardItem(done.coupon().rewardItem()));
  }

  private static UUID parseUuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }
}
