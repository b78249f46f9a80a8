package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.coupon.Attempts.ALREADY_REDEEMED;
import static gg.phoenix.coupons.coupon.Attempts.LIMIT_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Guard counters that vanish mid-way (evicted, expired, deleted) while uses are recorded in PostgreSQL and the
 * public code's row is still cached: the limits must hold, and the counters must come back from PostgreSQL.
 */
class CounterRebuildTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CACHE_TTL_SECONDS", 600)).onOwnRedisDatabase();

  @Fixture private static GuardRedis redis;
  @Fixture private Studio studio;
  private final String code = Seed.uniqueCode("REBUILD");

  private UUID define(JsonObject usageLimit) {
    return UUID.fromString(studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", usageLimit)).getString("id"));
  }

  /** {@code n} players redeem one after the other; the code's row is then cached (as read before the first use). */
  private void usedBy(int n) {
    for (int i = 0; i < n; i++) {
      Api.Response used = studio.redeem(code, "early-" + i);
      assertThat(used.status()).as(used.body()).isEqualTo(200);
    }
    redis.awaitKey(CacheKeys.publicCode(studio.tenantId, code));
  }

  private void deleteGuardKeys(UUID definitionId) {
    List<String> keys = redis.keys("coupons:guard:{" + definitionId + "}:*");
    assertThat(keys).contains(CacheKeys.totalUses(definitionId));
    redis.del(keys);
  }

  @Test
  @DisplayName("with the guard's counters deleted after 3 of 5 uses, 10 more players at once get exactly 2 × 200")
  void capHoldsAfterCountersLost() {
    UUID definitionId = define(Studio.perUser(1, 5));
    usedBy(3);
    deleteGuardKeys(definitionId);

    List<Api.Response> answers = Attempts.join(IntStream.range(0, 10).mapToObj(i -> Attempts.redeem(studio, code, "late-" + i)).toList());

    Attempts.onlySuccessesOr(answers, LIMIT_EXCEEDED);
    assertThat(Attempts.successes(answers)).isEqualTo(2);
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(5);
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?", definitionId)).isEqualTo(5);
  }

  @Test
  @DisplayName("players who used the code before its counters were deleted are still refused their second use, 10 tries each at once")
  void playersRefusedAfterCountersLost() {
    UUID definitionId = define(Studio.perUser(1, 100));
    usedBy(3);
    deleteGuardKeys(definitionId);

    List<Api.Response> answers = Attempts.join(IntStream.range(0, 30)
        .mapToObj(i -> Attempts.redeem(studio, code, "early-" + (i % 3))).toList());

    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json()).isEqualTo(ALREADY_REDEEMED);
    });
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(3);
  }

  @Test
  @DisplayName("a player whose counter was deleted costs one PostgreSQL read of their claim, which seeds it; their next attempts cost none")
  void playerCounterReseededFromPostgres() {
    UUID definitionId = define(Studio.perUser(1, null));
    usedBy(1);
    redis.del(List.of(CacheKeys.playerUses(definitionId, "early-0")));
    long queries = Counters.COUPON_QUERIES.get();

    Api.Response first = studio.redeem(code, "early-0");
    long firstCost = Counters.COUPON_QUERIES.get() - queries;
    List<Api.Response> next = Attempts.join(IntStream.range(0, 5).mapToObj(i -> Attempts.redeem(studio, code, "early-0")).toList());

    assertThat(first.json()).isEqualTo(ALREADY_REDEEMED);
    assertThat(firstCost).as("statements of the first attempt (the claim's read)").isEqualTo(1);
    assertThat(redis.integer(CacheKeys.playerUses(definitionId, "early-0"))).isEqualTo(1);
    assertThat(next).allSatisfy(r -> assertThat(r.json()).isEqualTo(ALREADY_REDEEMED));
    assertThat(Counters.COUPON_QUERIES.get() - queries - firstCost).as("statements of the 5 attempts after it").isZero();
  }

  @Test
  @DisplayName("once a spent code's total counter has been rebuilt, attempts over the cap are again refused without PostgreSQL")
  void totalCounterRebuiltFromPostgres() {
    UUID definitionId = define(Studio.perUser(1, 5));
    usedBy(5);
    deleteGuardKeys(definitionId);
    Api.Response rebuilding = studio.redeem(code, "late-0"); // may read PostgreSQL to seed the counter again
    long queries = Counters.COUPON_QUERIES.get();

    List<Api.Response> answers = Attempts.join(IntStream.range(1, 11).mapToObj(i -> Attempts.redeem(studio, code, "late-" + i)).toList());

    assertThat(rebuilding.json()).isEqualTo(LIMIT_EXCEEDED);
    assertThat(answers).allSatisfy(r -> assertThat(r.json()).isEqualTo(LIMIT_EXCEEDED));
    assertThat(Counters.COUPON_QUERIES.get() - queries).as("statements sent to PostgreSQL by 10 attempts over the cap").isZero();
    assertThat(redis.integer(CacheKeys.totalUses(definitionId))).as("the rebuilt counter").isEqualTo(5);
  }

  @Test
  @DisplayName("a spent public code whose total counter was deleted still validates as 'Usage limit exceeded'")
  void validateAfterCounterLost() {
    UUID definitionId = define(Studio.perUser(1, 2));
    usedBy(2);
    deleteGuardKeys(definitionId);

    JsonObject answer = studio.get("/validate/" + code).json();
    Api.Response redeem = studio.redeem(code, "late-0");

    assertThat(redeem.json()).isEqualTo(LIMIT_EXCEEDED);
    assertThat(answer.getBoolean("valid")).isFalse();
    assertThat(answer.getString("error")).isEqualTo("Usage limit exceeded");
  }
}
