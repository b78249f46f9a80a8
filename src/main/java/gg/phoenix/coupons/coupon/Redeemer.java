package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.PlayerContext;
import gg.phoenix.coupons.api.Timestamps;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import gg.phoenix.coupons.idempotency.IdempotencyKey;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Optional;

/**
 * Redeems a code for a player, along one of three routes that {@link #redeem} chooses between:
 * <ol>
 *   <li>{@link #inBatch}: a player's own coupon without a total cap is found, checked against every {@link Rule}
 *   and used in one statement, CONSUME_OWN_COUPONS_BY_CODE, shared with other players' redemptions under load
 *   ({@link OwnCodeBatches}). A code it does not use (a public code, a capped definition, a broken rule) goes on
 *   to the guarded route with the row it read.
 *   <li>{@link #guarded}: the rules are checked in Java on a snapshot (the cached row of a public code, or a coupon
 *   read from PostgreSQL), the Redis guard reserves the use against the caps ({@link UsageGuard}), then
 *   CONSUME_USE consumes it and has the last word under concurrency. The reservation is confirmed when PostgreSQL
 *   recorded the use and released when it did not. Codes this process knows to be public start here.
 *   <li>{@link #underIdempotencyKey}: the guarded route, with the answer stored under the request's
 *   Idempotency-Key in the transaction that consumes the use.
 * </ol>
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

  /**
   * @param context what the request says of the player, for the definition's eligibility rules
   * @param idempotencyKey a claimed Idempotency-Key to store the answer under, or null
   */
  Future<JsonObject> redeem(String tenantId, String code, String userId, PlayerContext context,
                            IdempotencyKey idempotencyKey) {
    Player player = new Player(userId, context, Instant.now());
    String entered = code.strip();
    if (idempotencyKey != null) {
      return underIdempotencyKey(tenantId, entered, player, idempotencyKey);
    }
    if (publicCodes.contains(tenantId, entered)) {
      return lookup.find(tenantId, entered).compose(found -> guarded(found, player, null));
    }
    return inBatch(tenantId, entered, player);
  }

  /** Who redeems, what the request says of them, and when. */
  private record Player(String userId, PlayerContext context, Instant now) {
  }

  /** Route 1: one statement finds, checks and uses a player's own coupon; what it leaves takes the guarded route. */
  private Future<JsonObject> inBatch(String tenantId, String entered, Player player) {
    CouponStore.OwnCode own = new CouponStore.OwnCode(tenantId, entered, player.userId(), player.context(), player.now());
    return ownCodes.redeem(own, store).compose(attempt -> {
      if (attempt.use() != null) {
        return Future.succeededFuture(view(attempt.coupon().orElseThrow(), attempt.use()));
      }
      Optional<CouponRow> found = attempt.coupon().filter(c -> CouponRules.codeMatches(c, entered));
      if (found.isPresent() && found.get().isPublicCode()) {
        publicCodes.add(tenantId, entered);
        return lookup.find(tenantId, entered).compose(cached -> guarded(cached, player, null)); // and caches it
      }
      // A capped definition, or a rule the coupon breaks (the Java check says which), or a race lost to another use
      return guarded(found, player, null);
    });
  }

  /** Route 3: the guarded route, its use and the answer kept under the key committed in one transaction. */
  private Future<JsonObject> underIdempotencyKey(String tenantId, String entered, Player player,
                                                 IdempotencyKey idempotencyKey) {
    return lookup.find(tenantId, entered).compose(found -> guarded(found, player, idempotencyKey));
  }

  /** Route 2: the rules on the snapshot, the guard's reservation, then CONSUME_USE; the reservation follows its outcome. */
  private Future<JsonObject> guarded(Optional<CouponRow> found, Player player, IdempotencyKey idempotencyKey) {
    if (found.isEmpty()) {
      return fail(Rejection.NOT_FOUND);
    }
    CouponRow coupon = found.get();
    String userId = player.userId();
    Optional<Rejection> rejection = CouponRules.check(coupon, userId, player.context(), player.now());
    if (rejection.isPresent()) {
      return fail(rejection.get());
    }
    return guard.reserve(coupon, userId, () -> totalUses(coupon), () -> playerUses(coupon, userId))
        .compose(reservation -> use(coupon, player, idempotencyKey).transform(done -> {
          if (done.succeeded() && done.result().isPresent()) {
            return guard.confirm(reservation).map(done.result().get());
          }
          Future<JsonObject> refusal = done.failed() ? Future.failedFuture(done.cause()) : explainRefusal(coupon, player);
          return guard.release(reservation).compose(released -> refusal);
        }));
  }

  /** Consumes the use in PostgreSQL; empty when its conditional update refused it. */
  private Future<Optional<JsonObject>> use(CouponRow coupon, Player player, IdempotencyKey idempotencyKey) {
    String userId = player.userId();
    Instant now = player.now();
    return store.consume(coupon, userId, player.context(), now, redeemedEvent(coupon, userId, now), idempotencyKey, consumed -> {
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
        .put("reward_item", CouponJson.rewardItem(coupon.rewardItem()))
        .put("reward_items", CouponJson.rewardItems(coupon));
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
  private Future<JsonObject> explainRefusal(CouponRow before, Player player) {
    return store.findByEnteredCode(before.tenantId(), before.code()).compose(after -> {
      // When the code itself still passes, it was the player's own uses (or claim) that ran out.
      return fail(after.flatMap(c -> CouponRules.check(c, player.userId(), player.context(), player.now()))
          .orElse(Rejection.ALREADY_USED));
    });
  }

  private static <T> Future<T> fail(Rejection rejection) {
    return Future.failedFuture(rejection.redeemError().exception());
  }
}
