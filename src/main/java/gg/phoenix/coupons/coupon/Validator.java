package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.PlayerContext;
import gg.phoenix.coupons.stats.CampaignCounters;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells whether a code could be redeemed now, without using it. Business outcomes are answers, not
 * failures: {"valid", "coupon", "definition", "error"} as the guide shows.
 */
final class Validator {

  private final CouponStore store;
  private final CodeLookup lookup;
  private final UsageGuard guard;
  private final CampaignCounters counters;

  /** @param counters where each answer about a known code is counted, by its definition and outcome */
  Validator(CouponStore store, CodeLookup lookup, UsageGuard guard, CampaignCounters counters) {
    this.store = store;
    this.lookup = lookup;
    this.guard = guard;
    this.counters = counters;
  }

  /**
   * @param userId the player asking, or null; with one, ownership and the player's own uses are checked too
   * @param context what the request says of the player, for the definition's eligibility rules
   */
  Future<JsonObject> validate(String tenantId, String code, String userId, PlayerContext context) {
    Instant now = Instant.now();
    return lookup.findNear(tenantId, code).compose(found -> found.isEmpty()
        ? Future.succeededFuture(invalid(Rejection.NOT_FOUND))
        : guard.totalUses(found.get(), () -> found.get().isPublicCode()
            ? store.definitionTotalUses(found.get().definitionId()) : Future.succeededFuture(found.get().totalUses()))
            .compose(uses -> validate(found.get().withTotalUses(uses), userId, context, now)));
  }

  private Future<JsonObject> validate(CouponRow coupon, String userId, PlayerContext context, Instant now) {
    Optional<Rejection> rejection = CouponRules.check(coupon, userId, context, now);
    if (rejection.isPresent()) {
      return Future.succeededFuture(refused(coupon, rejection.get()));
    }
    if (!coupon.isPublicCode()) {
      counters.validated(coupon.tenantId(), coupon.definitionId(), CampaignCounters.VALID);
      return Future.succeededFuture(valid(CouponJson.coupon(coupon), null));
    }
    return playerMayUse(coupon, userId).compose(mayUse -> mayUse
        ? lookup.definitionView(coupon).map(definition -> {
          counters.validated(coupon.tenantId(), coupon.definitionId(), CampaignCounters.VALID);
          return valid(null, definition);
        })
        : Future.succeededFuture(refused(coupon, Rejection.ALREADY_USED)));
  }

  /** The refusal, counted under its definition by the error code a redemption would answer. */
  private JsonObject refused(CouponRow coupon, Rejection rejection) {
    counters.validated(coupon.tenantId(), coupon.definitionId(), rejection.redeemError().code());
    return invalid(rejection);
  }

  private Future<Boolean> playerMayUse(CouponRow publicCode, String userId) {
    if (userId == null) {
      return Future.succeededFuture(true);
    }
    return store.findClaim(publicCode.definitionId(), userId)
        .map(claim -> claim.map(c -> "active".equals(c.status())).orElse(true));
  }

  private static JsonObject valid(JsonObject coupon, JsonObject definition) {
    return new JsonObject().put("valid", true).put("coupon", coupon).put("definition", definition).putNull("error");
  }

  private static JsonObject invalid(Rejection rejection) {
    return new JsonObject()
        .put("valid", false)
        .putNull("coupon")
        .putNull("definition")
        .put("error", rejection.validateMessage());
  }
}
