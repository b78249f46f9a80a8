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
 * The point of the Lua guard: once a cap is spent, further attempts are refused by Redis alone. Proven on
 * {@link Counters#COUPON_QUERIES}, which counts every statement the coupon rules send to PostgreSQL.
 */
class OverLimitTest {

  /** A long cache lifetime: the attempts below must be served by the cached code, whatever the machine's speed. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CACHE_TTL_SECONDS", 600)).onOwnRedisDatabase();

  @Fixture private static GuardRedis redis;
  @Fixture private Studio studio;
  private final String code = Seed.uniqueCode("DROP");

  private UUID define(JsonObject usageLimit) {
    JsonObject definition = studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", usageLimit));
    return UUID.fromString(definition.getString("id"));
  }

  @Test
  @DisplayName("once a public code's total cap is reached, 25 more attempts by new players all answer 400 'Usage limit exceeded' without a single PostgreSQL statement")
  void totalCapSpent() {
    UUID definitionId = define(Studio.perUser(1, 3));
    for (int i = 0; i < 3; i++) {
      assertThat(studio.redeem(code, "winner-" + i).status()).isEqualTo(200);
    }
    redis.awaitKey(CacheKeys.publicCode(studio.tenantId, code));
    assertThat(redis.integer(CacheKeys.totalUses(definitionId))).isEqualTo(3);
    long queries = Counters.COUPON_QUERIES.get();
    long rejections = Counters.GUARD_REJECTIONS.get();

    List<Api.Response> answers = Attempts.join(IntStream.range(0, 25)
        .mapToObj(i -> Attempts.redeem(studio, code, "late-" + i)).toList());

    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json()).isEqualTo(LIMIT_EXCEEDED);
    });
    assertThat(Counters.COUPON_QUERIES.get() - queries).as("statements sent to PostgreSQL").isZero();
    assertThat(Counters.GUARD_REJECTIONS.get() - rejections).isEqualTo(25);
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(3);
  }

  @Test
  @DisplayName("a player who has spent their uses of a public code is refused 400 'Coupon has already been redeemed' 10 more times without a single PostgreSQL statement")
  void playerCapSpent() {
    UUID definitionId = define(Studio.perUser(2, null));
    assertThat(studio.redeem(code, "player-1").status()).isEqualTo(200);
    assertThat(studio.redeem(code, "player-1").status()).isEqualTo(200);
    redis.awaitKey(CacheKeys.publicCode(studio.tenantId, code));
    long queries = Counters.COUPON_QUERIES.get();
    long rejections = Counters.GUARD_REJECTIONS.get();

    List<Api.Response> answers = Attempts.join(IntStream.range(0, 10)
        .mapToObj(i -> Attempts.redeem(studio, code, "player-1")).toList());

    assertThat(answers).allSatisfy(r -> {
      assertThat(r.status()).as(r.body()).isEqualTo(400);
      assertThat(r.json()).isEqualTo(ALREADY_REDEEMED);
    });
    assertThat(Counters.COUPON_QUERIES.get() - queries).as("statements sent to PostgreSQL").isZero();
    assertThat(Counters.GUARD_REJECTIONS.get() - rejections).isEqualTo(10);
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(2);
  }

  @Test
  @DisplayName("a spent player's refusals cost no other player anything: a new player still redeems the code")
  void otherPlayerStillRedeems() {
    define(Studio.perUser(1, 10));
    studio.redeem(code, "player-1");
    studio.redeem(code, "player-1");

    Api.Response other = studio.redeem(code, "player-2");

    assertThat(other.status()).as(other.body()).isEqualTo(200);
    assertThat(other.json().getString("user_id")).isEqualTo("player-2");
  }

  @Test
  @DisplayName("a guard refusal gives nothing back: after 20 refused attempts the total counter still equals the cap")
  void refusalsLeaveTheCounter() {
    UUID definitionId = define(Studio.perUser(1, 2));
    studio.redeem(code, "a");
    studio.redeem(code, "b");

    Attempts.join(IntStream.range(0, 20).mapToObj(i -> Attempts.redeem(studio, code, "late-" + i)).toList());

    assertThat(redis.integer(CacheKeys.totalUses(definitionId))).isEqualTo(2);
    assertThat(studio.get("/validate/" + code).json().getString("error")).isEqualTo("Usage limit exceeded");
  }
}
