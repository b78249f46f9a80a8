package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.TIMESTAMP;
import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * POST /v1/coupons/{tenant_id}/redeem/{code}: the guide's error table, ownership, multi-use counting and
 * total caps, each on every {@link Route}. Every refusal is also checked to leave the coupon, its redemptions and
 * its definition as they were.
 */
@ExtendWith(TestService.class)
class RedeemRulesTest {

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  /**
   * The three routes a redemption takes through Redeemer, and what sends a request along each. Every case below runs
   * on every route, so that a rule cannot hold on one and not on another.
   */
  enum Route {
    /** A player's own coupon without a total cap: found, checked and used in one batched statement. */
    BATCHED,
    /**
     * A definition with a total cap (a million, out of reach here unless the case sets its own) sends its coupons
     * through the rules in Java, the Redis guard and CONSUME_USE.
     */
    GUARDED,
    /** A fresh Idempotency-Key on every request: the guarded route, in the transaction that keeps the answer. */
    IDEMPOTENCY_KEY;

    DefinitionSpec spec(DefinitionSpec spec) {
      return this == GUARDED && spec.totalCap() == null ? spec.uses(spec.usesPerCoupon(), 1_000_000) : spec;
    }

    List<String> headers() {
      return this == IDEMPOTENCY_KEY ? List.of("Idempotency-Key", UUID.randomUUID().toString()) : List.of();
    }
  }

  private Coupon coupon(Route route, DefinitionSpec spec, String userId) {
    return t.coupon(route.spec(spec), userId, Seed.uniqueCode("WELCOME"));
  }

  private Api.Response redeem(Route route, Coupon coupon, String userId) {
    return redeem(route, coupon, userBody(userId).encode(), t.server());
  }

  private Api.Response redeem(Route route, Coupon coupon, String body, Api.Auth auth) {
    return api.send("POST", t.path("/redeem/" + coupon.code()), body, auth, route.headers());
  }

  /** Redeems, expects the refusal exactly, and checks that the database did not move. */
  private void assertRefused(Route route, Coupon coupon, String userId, int status, JsonObject error) {
    TenantFixture.State before = t.state(coupon);

    Api.Response response = redeem(route, coupon, userId);

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.json()).isEqualTo(error);
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a redemption takes the route its request asks for: the batched statement alone, the guard's counter, or the answer kept under its key")
  void routeTaken(Route route, Vertx vertx) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    List<String> headers = route.headers();
    long statementsBefore = Counters.COUPON_QUERIES.get();

    Api.Response response = api.send("POST", t.path("/redeem/" + coupon.code()), userBody("user_123").encode(), t.server(), headers);

    long statements = Counters.COUPON_QUERIES.get() - statementsBefore;
    assertThat(response.status()).isEqualTo(200);
    switch (route) {
      case BATCHED -> assertThat(statements).as("statements to PostgreSQL").isEqualTo(1);
      case GUARDED -> assertThat(guardCounter(vertx, CacheKeys.totalUses(coupon.definitionId()))).as("the guard's total counter").isEqualTo(1);
      case IDEMPOTENCY_KEY -> assertThat(Seed.count("SELECT status FROM idempotency_keys WHERE tenant_id = ? AND key = ?", t.id(), headers.get(1)))
          .as("status kept under the key").isEqualTo(200);
    }
  }

  private static Integer guardCounter(Vertx vertx, String key) {
    Redis redis = Redis.createClient(vertx, TestBackends.get().redisUrl.split(",")[0]);
    try {
      Response value = RedisAPI.api(redis).get(key).toCompletionStage().toCompletableFuture().join();
      return value == null ? null : value.toInteger();
    } finally {
      redis.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a redeemed coupon is answered exactly as the guide shows it, plus the redemption's id")
  void exactResponse(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    Api.Response response = redeem(route, coupon, "user_123");

    assertThat(response.status()).isEqualTo(200);
    Object redemptionId = Seed.scalar("SELECT id FROM redemptions WHERE coupon_id = ?", coupon.id());
    assertThat(response.json()).isEqualTo(t.expected(coupon)
        .put("status", "redeemed")
        .put("redeemed_at", t.redeemedAt(coupon))
        .put("redemption_count", 1)
        .put("redemption_id", redemptionId.toString()));
    assertThat(response.json().getString("redeemed_at")).matches(TIMESTAMP);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a redemption is recorded with the tenant, coupon, definition and player")
  void redemptionRecorded(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    redeem(route, coupon, "user_123");

    assertThat(Seed.count("""
        SELECT count(*) FROM redemptions
        WHERE tenant_id = ? AND coupon_id = ? AND definition_id = ? AND user_id = 'user_123' AND rolled_back_at IS NULL""",
        t.id(), coupon.id(), coupon.definitionId())).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("another tenant's code answers 404 'Coupon not found' and stays unused")
  void otherTenantsCode(Route route) {
    TenantFixture other = new TenantFixture();
    Coupon theirs = other.coupon(route.spec(DefinitionSpec.singleUse()), "user_123", Seed.uniqueCode("WELCOME"));
    TenantFixture.State before = other.state(theirs);

    Api.Response response = redeem(route, theirs, "user_123");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(error("coupon_not_found", "Coupon not found"));
    assertThat(other.state(theirs)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("an expired coupon answers 400 coupon_expired 'Coupon has expired' and changes nothing")
  void expired(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.window(coupon, null, Instant.now().minus(1, ChronoUnit.MINUTES));

    assertRefused(route, coupon, "user_123", 400, error("coupon_expired", "Coupon has expired"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a coupon before its start answers 400 coupon_not_yet_active 'Coupon not yet active' and changes nothing")
  void notYetActive(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.window(coupon, Instant.now().plus(1, ChronoUnit.DAYS), null);

    assertRefused(route, coupon, "user_123", 400, error("coupon_not_yet_active", "Coupon not yet active"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a used single-use coupon answers 400 coupon_already_redeemed and changes nothing more")
  void alreadyRedeemed(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    assertThat(redeem(route, coupon, "user_123").status()).isEqualTo(200);

    assertRefused(route, coupon, "user_123", 400, error("coupon_already_redeemed", "Coupon has already been redeemed"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a definition at its total cap answers 400 usage_limit_exceeded 'Usage limit exceeded' and changes nothing")
  void totalCap(Route route) {
    UUID definition = t.definition(route.spec(DefinitionSpec.singleUse().uses(null, 1)));
    Coupon first = t.coupon(definition, "user_123", Seed.uniqueCode("WELCOME"));
    Coupon second = t.coupon(definition, "user_456", Seed.uniqueCode("WELCOME"));
    assertThat(redeem(route, first, "user_123").status()).isEqualTo(200);

    assertRefused(route, second, "user_456", 400, error("usage_limit_exceeded", "Usage limit exceeded"));
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?", definition)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a definition's total cap counts every coupon of it: cap 2 allows two redemptions, the third is refused")
  void totalCapAcrossCoupons(Route route) {
    UUID definition = t.definition(route.spec(DefinitionSpec.singleUse().uses(null, 2)));
    Coupon a = t.coupon(definition, null, Seed.uniqueCode("WELCOME"));
    Coupon b = t.coupon(definition, null, Seed.uniqueCode("WELCOME"));

    assertThat(redeem(route, a, "user_1").status()).isEqualTo(200);
    assertThat(redeem(route, b, "user_2").status()).isEqualTo(200);
    assertRefused(route, a, "user_1", 400, error("usage_limit_exceeded", "Usage limit exceeded"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a revoked coupon answers 400 coupon_revoked 'Coupon status: revoked' and changes nothing")
  void revoked(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.setStatus(coupon, "revoked");

    assertRefused(route, coupon, "user_123", 400, error("coupon_revoked", "Coupon status: revoked"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a coupon of a paused definition answers 400 definition_paused 'Coupon definition is paused'")
  void pausedDefinition(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse().status("paused"), "user_123");

    assertRefused(route, coupon, "user_123", 400, error("definition_paused", "Coupon definition is paused"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a coupon assigned to another player answers 403 coupon_not_owned and changes nothing")
  void otherOwner(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    assertRefused(route, coupon, "user_456", 403, error("coupon_not_owned", "Coupon is assigned to another user"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a multi-use coupon counts up, stays active while uses remain and becomes redeemed on its last use")
  void multiUseCountsUp(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse().uses(3, null), "user_123");

    JsonObject first = redeem(route, coupon, "user_123").json();
    JsonObject second = redeem(route, coupon, "user_123").json();
    JsonObject third = redeem(route, coupon, "user_123").json();

    assertThat(first.getInteger("redemption_count")).isEqualTo(1);
    assertThat(first.getString("status")).isEqualTo("active");
    assertThat(second.getInteger("redemption_count")).isEqualTo(2);
    assertThat(second.getString("status")).isEqualTo("active");
    assertThat(third.getInteger("redemption_count")).isEqualTo(3);
    assertThat(third.getString("status")).isEqualTo("redeemed");
    assertThat(third.getString("redeemed_at")).matches(TIMESTAMP);
    assertThat(t.state(coupon)).extracting("status", "redemptionCount", "redemptions").containsExactly("redeemed", 3, 3L);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a spent multi-use coupon answers 400 coupon_already_redeemed and changes nothing")
  void multiUseSpent(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse().uses(2, null), "user_123");
    redeem(route, coupon, "user_123");
    redeem(route, coupon, "user_123");

    assertRefused(route, coupon, "user_123", 400, error("coupon_already_redeemed", "Coupon has already been redeemed"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a coupon without a per-coupon limit stays active however often it is used")
  void unlimited(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse().uses(null, null), "user_123");

    for (int i = 0; i < 4; i++) {
      assertThat(redeem(route, coupon, "user_123").status()).isEqualTo(200);
    }

    assertThat(t.state(coupon)).extracting("status", "redemptionCount").containsExactly("active", 4);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("an unassigned coupon becomes the first redeemer's: answered with their user_id and listed as theirs")
  void unassignedTakenByFirstRedeemer(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), null);

    Api.Response response = redeem(route, coupon, "user_789");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("user_id")).isEqualTo("user_789");
    assertThat(t.state(coupon).userId()).isEqualTo("user_789");
    assertThat(api.get(t.path("/user/user_789"), t.server()).json().getInteger("total")).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("once an unassigned multi-use coupon is taken, another player gets 403 coupon_not_owned")
  void unassignedThenOtherPlayer(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse().uses(3, null), null);
    assertThat(redeem(route, coupon, "user_789").status()).isEqualTo(200);

    assertRefused(route, coupon, "user_000", 403, error("coupon_not_owned", "Coupon is assigned to another user"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a body without user_id answers 400 invalid_user_id for a server's token")
  void missingUserId(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    TenantFixture.State before = t.state(coupon);

    Api.Response response = redeem(route, coupon, "{}", t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_user_id", "user_id is required and must be a string"));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a user_id that is not a string answers 400 invalid_user_id")
  void userIdNotString(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    Api.Response response = redeem(route, coupon, "{\"user_id\": 123}", t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_user_id", "user_id is required and must be a string"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a body that is not a JSON object answers 400 invalid_json")
  void notJson(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    Api.Response response = redeem(route, coupon, "user_id=user_123", t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_json", "The body must be a JSON object"));
    assertThat(t.state(coupon).redemptions()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a player's token without user_id in the body redeems for the token's player")
  void playerTokenImpliesUser(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    Api.Response response = redeem(route, coupon, "{}", t.player("user_123"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("user_id")).isEqualTo("user_123");
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a code of a revoked batch, not revoked itself yet, answers 400 coupon_revoked 'Coupon status: revoked' and changes nothing")
  void revokedBatch(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.batch(coupon, true);

    assertRefused(route, coupon, "user_123", 400, error("coupon_revoked", "Coupon status: revoked"));
    assertThat(t.state(coupon).status()).isEqualTo("active");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a code of a batch that is not revoked redeems")
  void batchNotRevoked(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.batch(coupon, false);

    assertThat(redeem(route, coupon, "user_123").status()).isEqualTo(200);
  }

  /** A definition's eligibility rules, what a server's request says of the player, and whether the rules admit them. */
  record EligibilityCase(String name, JsonObject rules, JsonObject context, boolean admitted) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static JsonObject rules(String key, Object value) {
    return new JsonObject().put(key, value);
  }

  private static JsonArray list(String... values) {
    return new JsonArray(List.<Object>of(values));
  }

  static List<EligibilityCase> eligibilityCases() {
    JsonObject all = new JsonObject().put("countries", list("DE", "AT")).put("platforms", list("ios"))
        .put("min_level", 10).put("segments", list("vip")).put("new_players_since", "2026-01-01T00:00:00Z");
    JsonObject everything = new JsonObject().put("country", "AT").put("platform", "ios").put("level", 10)
        .put("segments", list("vip")).put("player_created_at", "2026-06-01T00:00:00Z");
    return List.of(
        new EligibilityCase("a country in the list, in any case", rules("countries", list("DE", "AT")), rules("country", "de"), true),
        new EligibilityCase("a country not in the list", rules("countries", list("FR")), rules("country", "DE"), false),
        new EligibilityCase("no country sent for a country rule", rules("countries", list("FR")), null, false),
        new EligibilityCase("a platform in the list, in any case", rules("platforms", list("ios", "steam")), rules("platform", "iOS"), true),
        new EligibilityCase("a platform not in the list", rules("platforms", list("ios")), rules("platform", "android"), false),
        new EligibilityCase("the minimum level exactly", rules("min_level", 10), rules("level", 10), true),
        new EligibilityCase("a level below the minimum", rules("min_level", 10), rules("level", 9), false),
        new EligibilityCase("no level sent for a level rule", rules("min_level", 10), rules("country", "DE"), false),
        new EligibilityCase("one segment of the list among others", rules("segments", list("vip", "whale")),
            rules("segments", list("beta", "whale")), true),
        new EligibilityCase("no segment of the list", rules("segments", list("vip")), rules("segments", list("beta")), false),
        new EligibilityCase("a player created after the date", rules("new_players_since", "2026-01-01T00:00:00Z"),
            rules("player_created_at", "2026-02-01T00:00:00Z"), true),
        new EligibilityCase("a player created before the date", rules("new_players_since", "2026-01-01T00:00:00Z"),
            rules("player_created_at", "2025-12-31T00:00:00Z"), false),
        new EligibilityCase("every rule, every field matching", all, everything, true),
        new EligibilityCase("every rule, one field missing", all, everything.copy().put("segments", null), false));
  }

  static List<Arguments> eligibilityOnEveryRoute() {
    return Arrays.stream(Route.values())
        .flatMap(route -> eligibilityCases().stream().map(c -> Arguments.of(route, c)))
        .toList();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("eligibilityOnEveryRoute")
  @DisplayName("a definition's eligibility rules decide with the server's context: redeemed, or 400 not_eligible with nothing changed")
  void eligibility(Route route, EligibilityCase c) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), null);
    t.eligibility(coupon.definitionId(), c.rules());
    JsonObject body = userBody("user_123");
    if (c.context() != null) {
      body.put("context", c.context());
    }
    TenantFixture.State before = t.state(coupon);

    Api.Response response = redeem(route, coupon, body.encode(), t.server());

    if (c.admitted()) {
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      assertThat(t.state(coupon).redemptions()).isEqualTo(1);
    } else {
      assertThat(response.status()).as(response.body()).isEqualTo(400);
      assertThat(response.json()).isEqualTo(error("not_eligible", "Coupon is not available for this player"));
      assertThat(t.state(coupon)).isEqualTo(before);
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a player's token brings its signed context claim: admitted by it, refused without it")
  void eligibilityFromPlayerToken(Route route) {
    Coupon admitted = coupon(route, DefinitionSpec.singleUse(), "user_123");
    Coupon refused = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.eligibility(admitted.definitionId(), rules("countries", list("DE")));
    t.eligibility(refused.definitionId(), rules("countries", list("DE")));

    Api.Response yes = redeem(route, admitted, "{}", t.player("user_123", rules("country", "DE")));
    Api.Response no = redeem(route, refused, "{}", t.player("user_123"));

    assertThat(yes.status()).as(yes.body()).isEqualTo(200);
    assertThat(no.status()).as(no.body()).isEqualTo(400);
    assertThat(no.json()).isEqualTo(error("not_eligible", "Coupon is not available for this player"));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a player's token that sends a context of its own is refused with 403 context_not_allowed, even one its claim would allow")
  void playerCannotWidenContext(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");
    t.eligibility(coupon.definitionId(), rules("countries", list("DE")));
    TenantFixture.State before = t.state(coupon);

    Api.Response response = redeem(route, coupon, userBody("user_123").put("context", rules("country", "DE")).encode(),
        t.player("user_123", rules("country", "FR")));

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.json()).isEqualTo(error("context_not_allowed",
        "A player's token carries the player's context in its claims; the request cannot send one"));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Route.class)
  @DisplayName("a definition without eligibility redeems whatever context a server sends")
  void noRulesIgnoreContext(Route route) {
    Coupon coupon = coupon(route, DefinitionSpec.singleUse(), "user_123");

    Api.Response response = redeem(route, coupon,
        userBody("user_123").put("context", rules("country", "FR").put("level", 1)).encode(), t.server());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }
}
