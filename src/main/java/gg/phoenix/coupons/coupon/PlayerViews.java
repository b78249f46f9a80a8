package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.PageCursor;
import gg.phoenix.coupons.api.Pages;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.PlayerRequest;
import gg.phoenix.coupons.db.ReadRouting;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.near.RedisCache;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/**
 * What players and front ends read: active definitions (cached), a player's coupons and redemption history; each
 * read through {@link ReadRouting}, so from the read replica when there is one and it is fresh enough.
 */
final class PlayerViews {

  private static final ApiError COUPON_NOT_FOUND = ApiError.notFound("coupon_not_found", "Coupon not found");

  private final ReadRouting reads;
  private final RedisCache cache;

  PlayerViews(ReadRouting reads, RedisCache cache) {
    this.reads = reads;
    this.cache = cache;
  }

  /**
   * A page of the active definitions. The first page at the default size (what the guide's callers ask for) is
   * served from Redis when cached; the management API deletes the entry whenever a definition changes.
   */
  Future<JsonObject> definitions(PlayerRequest req) {
    String tenantId = req.tenantId();
    int limit = req.limit();
    PageCursor after = PageCursor.decode(req.cursor());
    if (after != null || limit != Pages.MAX_LIMIT) {
      return readDefinitions(tenantId, after, limit);
    }
    String key = CacheKeys.activeDefinitions(tenantId);
    return cache.get(key).compose(hit -> hit.isPresent()
        ? Future.succeededFuture(new JsonObject(hit.get()))
        : readDefinitions(tenantId, null, limit).onSuccess(answer -> cache.put(key, answer.encode())));
  }

  private Future<JsonObject> readDefinitions(String tenantId, PageCursor after, int limit) {
    return reads.tenantRead(tenantId, db -> CouponStore.listActiveDefinitions(db, tenantId, after, limit + 1)).map(rows -> Pages.of("definitions", rows, limit,
        CouponJson::definition, row -> new PageCursor(CouponRow.instant(row, "created_at"), row.getUUID("id"))));
  }

  /** A page of the player's coupons, newest first. */
  Future<JsonObject> userCoupons(PlayerRequest req) {
    int limit = req.limit();
    PageCursor after = PageCursor.decode(req.cursor());
    return reads.playerRead(req.tenantId(), req.userId(),
            db -> CouponStore.listUserCoupons(db, req.tenantId(), req.userId(), after, limit + 1))
        .map(rows -> Pages.of("coupons", rows, limit, row -> CouponJson.coupon(CouponRow.from(row)),
            row -> new PageCursor(CouponRow.instant(row, "generated_at"), row.getUUID("id"))));
  }

  Future<JsonObject> userCoupon(PlayerRequest req) {
    UUID couponId = Ids.uuidOrNull(req.couponId());
    if (couponId == null) {
      return Future.failedFuture(COUPON_NOT_FOUND.exception());
    }
    return reads.playerRead(req.tenantId(), req.userId(),
            db -> CouponStore.findUserCoupon(db, req.tenantId(), req.userId(), couponId))
        .compose(found -> found.map(c -> Future.succeededFuture(CouponJson.coupon(c)))
            .orElseGet(() -> Future.failedFuture(COUPON_NOT_FOUND.exception())));
  }

  Future<JsonObject> redemptions(PlayerRequest req) {
    return reads.playerRead(req.tenantId(), req.userId(),
            db -> CouponStore.listUserRedemptions(db, req.tenantId(), req.userId(), req.limit()))
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
}
