package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.LuaScript;
import gg.phoenix.coupons.redis.RedisOutage;
import gg.phoenix.coupons.redis.near.TotalUses;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The Redis side of usage limits: one script call checks and reserves a use against the per-player and
 * total counters before PostgreSQL is asked, so attempts over a cap are refused without touching it.
 * A reservation is a lease: it counts until PostgreSQL has decided (confirmed: it becomes a recorded use;
 * released: it is dropped) or, when the process holding it died, until it expires, so a crash never keeps
 * a use away for long. PostgreSQL's conditional update still has the last word. When Redis does not
 * answer, the guard stands aside and PostgreSQL alone decides, still exactly.
 */
final class UsageGuard {

  /**
   * A use held in Redis until PostgreSQL has decided; {@link #NONE} when nothing was reserved.
   * {@code keys}: the recorded-use counters (total, per player), their leases and their generations;
   * {@code inUse}: "1" for each counter that has a cap; {@code generations}: the generation of each counter
   * the use was reserved against ("" for none), so that it is counted into that counter only;
   * {@code definitionId}: whose snapshot of total uses to drop once decided (null when none is kept), also
   * when Redis reserved nothing and PostgreSQL alone decides.
   */
  record Reservation(String id, List<String> keys, List<String> inUse, List<String> generations, UUID definitionId) {
    static final Reservation NONE = new Reservation("", List.of(), List.of(), List.of(), null);

    Reservation withId(String newId) {
      return new Reservation(newId, keys, inUse, generations, definitionId);
    }

    Reservation reservedIn(List<String> counterGenerations) {
      return new Reservation(id, keys, inUse, counterGenerations, definitionId);
    }

    /** Nothing held in Redis, but the definition's snapshot is still dropped once PostgreSQL has decided. */
    Reservation unguarded() {
      return new Reservation("", List.of(), List.of(), List.of(), definitionId);
    }
  }

  /** The first value reserve_use.lua answers, under the names the script gives it. */
  enum ReserveResult {
    RESERVED(1),
    TOTAL_CAP_REACHED(-1),
    /** The per-player cap: uses of this coupon, or of this player's claim on a public code. */
    OWN_CAP_REACHED(-2),
    /** Redis has no per-player counter: the caller reads the count from PostgreSQL and calls again with it. */
    OWN_COUNTER_MISSING(-3),
    /** Redis has no total counter: likewise. */
    TOTAL_COUNTER_MISSING(-4);

    final int code;

    ReserveResult(int code) {
      this.code = code;
    }

    static ReserveResult of(int code) {
      for (ReserveResult result : values()) {
        if (result.code == code) {
          return result;
        }
      }
      throw new IllegalStateException("reserve_use.lua answered " + code);
    }
  }

  /** What reserve_use.lua answered: its result and the counters' generations. */
  private record Answer(ReserveResult result, List<String> generations) {
    static Answer of(Response response) {
      return new Answer(ReserveResult.of(response.get(0).toInteger()),
          List.of(response.get(1).toString(), response.get(2).toString()));
    }
  }

  private static final LuaScript RESERVE = LuaScript.fromClasspath("lua/reserve_use.lua");
  private static final LuaScript CONFIRM = LuaScript.fromClasspath("lua/confirm_use.lua");
  private static final LuaScript RELEASE = LuaScript.fromClasspath("lua/release_use.lua");
  private static final LuaScript GIVE_BACK = LuaScript.fromClasspath("lua/give_back_use.lua");

  private final RedisAPI redis;
  private final long timeoutMs;
  private final long counterTtlSeconds;
  private final long leaseMs;
  private final TotalUses snapshots;

  /**
   * @param leaseMs how long a reservation counts without news from its process. Longer than a redemption
   *     usually takes; one that takes longer only lets extra attempts reach PostgreSQL, which still refuses them.
   * @param snapshots this process's short-lived snapshots of total uses, which validation reads and every use
   *     decided here drops
   */
  UsageGuard(RedisAPI redis, long timeoutMs, long counterTtlSeconds, long leaseMs, TotalUses snapshots) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.counterTtlSeconds = counterTtlSeconds;
    this.leaseMs = leaseMs;
    this.snapshots = snapshots;
  }

  /** Reads a count from PostgreSQL, for a counter Redis does not have. */
  interface Seed {
    Future<Integer> read();
  }

  /**
   * Reserves one use of {@code coupon} (a coupon of its own, or a public code) for {@code userId}.
   * Fails with the redemption's rejection when a cap is reached. A counter Redis lacks is seeded from
   * PostgreSQL first: the definition's total by {@code totalUses}, a player's uses of a public code by
   * {@code playerUses}; a coupon's own uses come with its row, read from PostgreSQL a moment ago.
   */
  Future<Reservation> reserve(CouponRow coupon, String userId, Seed totalUses, Seed playerUses) {
    Reservation reservation = reservationFor(coupon, userId).withId(UUID.randomUUID().toString());
    if (reservation.keys().isEmpty()) {
      return Future.succeededFuture(Reservation.NONE);
    }
    String ownSeed = coupon.isPublicCode() ? "" : String.valueOf(coupon.redemptionCount());
    return attempt(coupon, reservation, "", ownSeed, totalUses, playerUses, 0)
        .transform(done -> {
          if (done.failed()) {
            RedisOutage.noticed(done.cause());
            Counters.REDIS_FALLBACKS.incrementAndGet();
            return Future.succeededFuture(reservation.unguarded());
          }
          RedisOutage.answered();
          return switch (done.result().result()) {
            case RESERVED -> Future.succeededFuture(reservation.reservedIn(done.result().generations()));
            case TOTAL_CAP_REACHED -> {
              dropSnapshot(reservation);
              yield refuse(Rejection.LIMIT_EXCEEDED);
            }
            case OWN_CAP_REACHED -> refuse(Rejection.ALREADY_USED);
            // Counters vanished again while being seeded (a flush in progress): PostgreSQL alone decides.
            case OWN_COUNTER_MISSING, TOTAL_COUNTER_MISSING -> Future.succeededFuture(reservation.unguarded());
          };
        });
  }

  /** Calls the script, seeding from PostgreSQL what it reports unknown (each counter at most once). */
  private Future<Answer> attempt(CouponRow coupon, Reservation reservation, String totalSeed, String ownSeed,
                                 Seed totalUses, Seed playerUses, int seeded) {
    List<String> args = List.of(String.valueOf(cap(coupon.totalUsesCap())), String.valueOf(cap(perPlayerCap(coupon))),
        totalSeed, ownSeed, String.valueOf(counterTtlSeconds), reservation.id(), String.valueOf(leaseMs));
    Future<Answer> called = RESERVE.call(redis, reservation.keys(), args).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(Answer::of);
    return called.compose(answer -> {
      if (answer.result() == ReserveResult.TOTAL_COUNTER_MISSING && seeded < 2) {
        return totalUses.read().compose(uses ->
            attempt(coupon, reservation, String.valueOf(uses), ownSeed, totalUses, playerUses, seeded + 1));
      }
      if (answer.result() == ReserveResult.OWN_COUNTER_MISSING && seeded < 2) {
        return playerUses.read().compose(uses ->
            attempt(coupon, reservation, totalSeed, String.valueOf(uses), totalUses, playerUses, seeded + 1));
      }
      return Future.succeededFuture(answer);
    });
  }

  /**
   * The definition's recorded uses as the guard counts them when Redis has the counter, else as
   * PostgreSQL has them: what validation compares with the total cap, since a cached row's count
   * may be old. Kept for {@link TotalUses#LIFETIME_MILLIS} in this process, which drops it when it decides a use.
   */
  Future<Integer> totalUses(CouponRow coupon, Seed fromPostgres) {
    if (coupon.totalUsesCap() == null) {
      return Future.succeededFuture(coupon.totalUses());
    }
    UUID definitionId = coupon.definitionId();
    Integer snapshot = snapshots.get(definitionId);
    if (snapshot != null) {
      return Future.succeededFuture(snapshot);
    }
    long stamp = snapshots.stamp(definitionId);
    return redis.get(CacheKeys.totalUses(definitionId)).timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .otherwise(err -> null)
        .compose(counter -> counter == null ? fromPostgres.read() : Future.succeededFuture(counter.toInteger()))
        .onSuccess(uses -> snapshots.put(definitionId, uses, stamp));
  }

  /** Gives back, after a rollback committed in PostgreSQL, the use {@code coupon} (a coupon or a player's claim) had. */
  Future<Void> giveBack(CouponRow coupon) {
    Reservation counters = reservationFor(coupon, coupon.userId());
    Future<Void> given = counters.keys().isEmpty() ? Future.succeededFuture()
        : quietly(GIVE_BACK.call(redis, counters.keys().subList(0, 2), counters.inUse()));
    return given.andThen(done -> snapshots.drop(coupon.definitionId()));
  }

  /**
   * The counters a use of {@code coupon} by {@code userId} counts against. A player's own coupon without a
   * total cap needs none: its row, which the lookup has just read from PostgreSQL, already refuses a spent
   * coupon, and its one-row conditional update settles concurrent attempts; a counter would add two Redis
   * calls and spare PostgreSQL nothing.
   */
  private static Reservation reservationFor(CouponRow coupon, String userId) {
    int totalCap = cap(coupon.totalUsesCap());
    int ownCap = cap(perPlayerCap(coupon));
    boolean playerScoped = coupon.isPublicCode() || "claim".equals(coupon.kind());
    if (totalCap == 0 && (ownCap == 0 || !playerScoped)) {
      return Reservation.NONE;
    }
    String total = CacheKeys.totalUses(coupon.definitionId());
    String own = playerScoped
        ? CacheKeys.playerUses(coupon.definitionId(), userId)
        : CacheKeys.couponUses(coupon.definitionId(), coupon.id());
    return new Reservation("", List.of(total, own, CacheKeys.leases(total), CacheKeys.leases(own),
            CacheKeys.generation(total), CacheKeys.generation(own)),
        List.of(totalCap > 0 ? "1" : "0", ownCap > 0 ? "1" : "0"), List.of("", ""), totalCap > 0 ? coupon.definitionId() : null);
  }

  /** A public code's per-player cap is the definition's; a coupon (or claim) carries its own. */
  private static Integer perPlayerCap(CouponRow coupon) {
    return coupon.isPublicCode() ? coupon.usesPerCoupon() : coupon.maxUses();
  }

  private static int cap(Integer value) {
    return value == null ? 0 : value;
  }

  /**
   * PostgreSQL recorded the reserved use: the lease becomes a recorded use, counted into each counter that is
   * still the generation it was reserved against (one seeded since was read from PostgreSQL, perhaps after this
   * use committed). The snapshot of total uses is dropped after Redis counted it, so that a validation that
   * follows here reads the new count.
   */
  Future<Void> confirm(Reservation reservation) {
    if (reservation.keys().isEmpty()) {
      dropSnapshot(reservation);
      return Future.succeededFuture();
    }
    List<String> args = List.of(reservation.id(), reservation.inUse().get(0), reservation.inUse().get(1),
        reservation.generations().get(0), reservation.generations().get(1));
    return quietly(CONFIRM.call(redis, reservation.keys(), args)).andThen(done -> dropSnapshot(reservation));
  }

  /** PostgreSQL did not record the reserved use: the lease is dropped. */
  Future<Void> release(Reservation reservation) {
    if (reservation.keys().isEmpty()) {
      dropSnapshot(reservation);
      return Future.succeededFuture();
    }
    return quietly(RELEASE.call(redis, reservation.keys(), List.of(reservation.id()))).andThen(done -> dropSnapshot(reservation));
  }

  private void dropSnapshot(Reservation reservation) {
    if (reservation.definitionId() != null) {
      snapshots.drop(reservation.definitionId());
    }
  }

  /** A lost confirm or release is not an error: the lease expires, and the counters are rebuilt in time. */
  private Future<Void> quietly(Future<Response> call) {
    return call.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .<Void>mapEmpty()
        .recover(err -> {
          RedisOutage.noticed(err);
          return Future.succeededFuture();
        });
  }

  private static Future<Reservation> refuse(Rejection rejection) {
    Counters.GUARD_REJECTIONS.incrementAndGet();
    return Future.failedFuture(rejection.redeemError().exception());
  }
}
