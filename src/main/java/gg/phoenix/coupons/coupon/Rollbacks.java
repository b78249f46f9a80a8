package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Ids;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.bus.RollbackRequest;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/** Rolling a redemption back: the use is given back in PostgreSQL with its event, then in Redis. */
final class Rollbacks {

  private static final ApiError REDEMPTION_NOT_FOUND = ApiError.notFound("redemption_not_found", "Redemption not found");
  private static final ApiError ALREADY_ROLLED_BACK = new ApiError(409, "redemption_already_rolled_back", "Redemption already rolled back");

  private final CouponStore store;
  private final UsageGuard guard;

  Rollbacks(CouponStore store, UsageGuard guard) {
    this.store = store;
    this.guard = guard;
  }

  Future<JsonObject> rollback(RollbackRequest req) {
    UUID redemptionId = Ids.uuidOrNull(req.redemptionId());
    if (redemptionId == null) {
      return Future.failedFuture(REDEMPTION_NOT_FOUND.exception());
    }
    String reason = req.reason();
    return store.rollback(req.tenantId(), redemptionId, reason, Instant.now(), done -> rolledBackEvent(done, reason))
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
        .put("reward_item", CouponJson.rewardItem(done.coupon().rewardItem()))
        .put("reward_items", CouponJson.rewardItems(done.coupon()));
  }
}
