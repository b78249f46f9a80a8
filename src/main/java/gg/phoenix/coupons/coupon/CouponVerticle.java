package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.Addresses;
import gg.phoenix.coupons.ServiceConfig;
import gg.phoenix.coupons.common.ApiError;
import gg.phoenix.coupons.common.Replies;
import gg.phoenix.coupons.common.Timestamps;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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
  private CouponStore store;
  private Validator validator;
  private Redeemer redeemer;

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, ServiceConfig.from(config()));
    store = new CouponStore(pool);
    validator = new Validator(store);
    redeemer = new Redeemer(store);
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.<JsonObject>consumer(Addresses.DEFINITIONS_LIST, msg -> Replies.answer(msg, definitions(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPONS, msg -> Replies.answer(msg, userCoupons(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_COUPON, msg -> Replies.answer(msg, userCoupon(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.USER_REDEMPTIONS, msg -> Replies.answer(msg, redemptions(msg.body()))).completion(),
        bus.<JsonObject>consumer(Addresses.VALIDATE, msg -> Replies.answer(msg, validator.validate(
            msg.body().getString("tenant_id"), msg.body().getString("code"), msg.body().getString("user_id")))).completion(),
        bus.<JsonObject>consumer(Addresses.REDEEM, msg -> Replies.answer(msg, redeemer.redeem(
            msg.body().getString("tenant_id"), msg.body().getString("code"), msg.body().getString("user_id")))).completion())
        .compose(v -> bus.<JsonObject>consumer(Addresses.ROLLBACK_REDEMPTION, msg -> Replies.answer(msg, rollback(msg.body()))).completion());
  }

  @Override
  public Future<?> stop() {
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<JsonObject> definitions(JsonObject req) {
    return store.listActiveDefinitions(req.getString("tenant_id")).map(rows -> {
      JsonArray list = new JsonArray();
      rows.forEach(row -> list.add(CouponJson.definition(row)));
      return new JsonObject().put("definitions", list).put("total", list.size());
    });
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

  /**
   * Hook for the Redis usage counters (not built yet): once the rollback has committed, give the use back to
   * the counters of {@code done.coupon()} (per coupon, per player {@code done.userId()}, per definition) here.
   * A failure here must not undo the rollback: PostgreSQL stays the source of truth.
   */
  private Future<Void> releaseCounters(CouponStore.RolledBack done) {
    return Future.succeededFuture();
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
