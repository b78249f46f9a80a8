package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import gg.phoenix.coupons.idempotency.IdempotencyKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * Redeems a code for a player. A player's own coupon without a total cap is redeemed in one statement that also
 * checks its rules, shared with other players' redemptions under load ({@link OwnCodeBatches}). Any other code
 * takes the longer way: the rules are checked on a snapshot (the cached row of a public code, or a coupon read
 * from PostgreSQL), the Redis guard reserves the use against the caps, then
 * PostgreSQL's conditional update consumes it and has the last word under concurrency. The reservation is
 * confirmed when PostgreSQL recorded the use and released when it did not.
 */
final class Redeemer {

  private final CouponStore store;
  private final OwnCodeBatches ownCodes;
  private final CodeLookup lookup;
  private final UsageGuard guard;
  private final KnownPublicCodes publicCodes;

  Redeemer(CouponStore store, OwnCodeBatches ownCodes, CodeLookup lookup, UsageGuard guard, KnownPublicCodes publicCodes) {
    this.store = store;
    this.ownCodes = ownCodes;
    this.lookup = lookup;
    this.guard = guard;
    this.publicCodes = publicCodes;
  }

  /** @param idempotencyKey a claimed Idempotency-Key to store the answer under, or null */
  Future<JsonObject> redeem(String tenantId, String code, String userId, IdempotencyKey idempotencyKey) {
    Instant now = Instant.now();
    String entered = code.strip();
    if (idempotencyKey != null || publicCodes.contains(tenantId, entered)) {
      return lookup.find(tenantId, entered).compose(found -> redeem(found, userId, now, idempotencyKey));
    }
    return ownCodes.redeem(new CouponStore.OwnCode(tenantId, entered, userId, now), store).compose(attempt -> {
      if (attempt.use() != null) {
        return Future.succeededFuture(view(attempt.coupon().orElseThrow(), attempt.use()));
      }
      Optional<CouponRow> found = attempt.coupon().filter(c -> CouponRules.codeMatches(c, entered));
      if (found.isPresent() && found.get().isPublicCode()) {
        publicCodes.add(tenantId, entered);
        return lookup.find(tenantId, entered).compose(cached -> redeem(cached, userId, now, null)); // and caches it
      }
      return redeem(found, userId, now, null);
    });
  }

  private Future<JsonObject> redeem(Optional<CouponRow> found, String userId, Instant now, IdempotencyKey idempotencyKey) {
    if (found.isEmpty()) {
      return fail(Rejection.NOT_FOUND);
    }
    CouponRow coupon = found.get();
    Optional<Rejection> rejection = CouponRules.check(coupon, userId, now);
    if (rejection.isPresent()) {
      return fail(rejection.get());
    }
    return guard.reserve(coupon, userId, () -> totalUses(coupon), () -> playerUses(coupon, userId))
        .compose(reservation -> use(coupon, userId, now, idempotencyKey).transform(done -> {
          if (done.succeeded() && done.result().isPresent()) {
            return guard.confirm(reservation).map(done.result().get());
          }
          Future<JsonObject> refusal = done.failed() ? Future.failedFuture(done.cause()) : explainRefusal(coupon, userId, now);
          return guard.release(reservation).compose(released -> refusal);
        }));
  }

  /** Consumes the use in PostgreSQL; empty when its conditional update refused it. */
  private Future<Optional<JsonObject>> use(CouponRow coupon, String userId, Instant now, IdempotencyKey idempotencyKey) {
    return store.consume(coupon, userId, now, redeemedEvent(coupon, userId, now), idempotencyKey, consumed -> {
      JsonObject view = view(coupon, consumed.use());
      return consumed.claim() == null ? view : view
          .put("id", consumed.claim().couponId().toString())
          .put("generated_at", Timestamps.format(consumed.claim().generatedAt()));
    });
  }

  /** A public code's row may come from the cache, so its count is read again; a coupon's row was just read. */
  private Future<Integer> totalUses(CouponRow coupon) {
    return coupon.isPublicCode() ? store.definitionTotalUses(coupon.definitionId()) : Future.succeededFuture(coupon.totalUses());
  }

  private Future<Integer> playerUses(CouponRow publicCode, String userId) {
    return store.findClaim(publicCode.definitionId(), userId).map(claim -> claim.map(CouponRow::redemptionCount).orElse(0));
  }

  /**
   * The coupon.redeemed event as far as it is known before the update; CONSUME_USE lays over it what the update
   * decides (the coupon's id for a public code's claim, user, status, count, redemption id).
   */
  private static JsonObject redeemedEvent(CouponRow coupon, String userId, Instant now) {
    return Outbox.envelope(EventTypes.REDEEMED, coupon.tenantId(), now)
        .put("user_id", userId)
        .put("coupon", CouponJson.coupon(coupon).put("user_id", userId).put("redeemed_at", Timestamps.format(now)))
        .put("reward_item", CouponJson.rewardItem(coupon.rewardItem()));
  }

  /** The coupon after the use: its snapshot with what the update changed. */
  private static JsonObject view(CouponRow coupon, CouponStore.Use use) {
    return CouponJson.coupon(coupon)
        .put("user_id", use.userId())
        .put("status", use.status())
        .put("redemption_count", use.redemptionCount())
        .put("redeemed_at", Timestamps.format(use.redeemedAt()))
        .put("redemption_id", use.redemptionId().toString());
  }

  /** The coupon looked usable but the conditional update refused it: read it again, from PostgreSQL, to say why. */
  private Future<JsonObject> explainRefusal(CouponRow before, String userId, Instant now) {
    return store.findByEnteredCode(before.tenantId(), before.code()).compose(after -> {
      // When the code itself still passes, it was the player's own uses (or claim) that ran out.
      return fail(after.flatMap(c -> CouponRules.check(c, userId, now)).orElse(Rejection.ALREADY_USED));
    });
  }

  private static <T> Future<T> fail(Rejection rejection) {
    return Future.failedFuture(rejection.redeemError().exception());
  }
}
