package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class RedeemTest {

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private String redeemPath(String code) {
    return t.path("/redeem/" + code);
  }

  private String coupon(DefinitionSpec spec, String userId) {
    String code = Seed.uniqueCode("WELCOME");
    Seed.coupon(t.id(), t.definition(spec), userId, code);
    return code;
  }

  @Test
  @DisplayName("a player's own coupon is redeemed with a single statement to PostgreSQL, and an unknown code is refused with one")
  void oneStatement() {
    String code = coupon(DefinitionSpec.singleUse(), "user_123");
    long before = Counters.COUPON_QUERIES.get();
    assertThat(api.post(redeemPath(code), new JsonObject().put("user_id", "user_123"), t.server()).status()).isEqualTo(200);
    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements for a redemption").isEqualTo(1);

    before = Counters.COUPON_QUERIES.get();
    assertThat(api.post(redeemPath("NO-SUCH-CODE"), new JsonObject().put("user_id", "user_123"), t.server()).status()).isEqualTo(404);
    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements for an unknown code").isEqualTo(1);
  }

  @Test
  @DisplayName("an unassigned coupon is redeemed by its first player with a single statement too, and becomes theirs")
  void unassignedOneStatement() {
    String code = coupon(DefinitionSpec.singleUse(), null);
    long before = Counters.COUPON_QUERIES.get();

    Api.Response response = api.post(redeemPath(code), new JsonObject().put("user_id", "user_456"), t.server());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getString("user_id")).isEqualTo("user_456");
    assertThat(Counters.COUPON_QUERIES.get() - before).as("statements for a redemption").isEqualTo(1);
  }

  @Test
  @DisplayName("redeeming an active coupon answers 200 with the guide's coupon, status redeemed and count 1")
  void redeemOnce() {
    String code = coupon(DefinitionSpec.singleUse(), "user_123");

    Api.Response response = api.post(redeemPath(code), new JsonObject().put("user_id", "user_123"), t.server());

    assertThat(response.status()).isEqualTo(200);
    JsonObject body = response.json();
    assertThat(body.fieldNames()).contains("id", "definition_id", "definition_name", "tenant_id", "user_id", "code",
        "status", "generated_at", "expires_at", "redeemed_at", "redemption_count", "coupon_type", "reward_item");
    assertThat(body.getString("status")).isEqualTo("redeemed");
    assertThat(body.getInteger("redemption_count")).isEqualTo(1);
    assertThat(body.getString("code")).isEqualTo(code);
    assertThat(body.getString("tenant_id")).isEqualTo(t.id());
    assertThat(body.getString("coupon_type")).isEqualTo("reward");
    assertThat(body.getString("redeemed_at")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(body.getJsonObject("reward_item")).isEqualTo(new JsonObject()
        .put("item_id", t.item.toString())
        .put("name", "100 Bonus Points")
        .put("description", "Grants 100 bonus points to the user")
        .put("reward_type", "points")
        .put("payload", new JsonObject().put("amount", 100)));
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE coupon_id = ?::uuid", body.getString("id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("a single-use coupon redeemed twice answers 400 'Coupon has already been redeemed' and records one use")
  void redeemTwice() {
    String code = coupon(DefinitionSpec.singleUse(), "user_123");
    api.post(redeemPath(code), new JsonObject().put("user_id", "user_123"), t.server());

    Api.Response second = api.post(redeemPath(code), new JsonObject().put("user_id", "user_123"), t.server());

    assertThat(second.status()).isEqualTo(400);
    assertThat(second.json()).isEqualTo(new JsonObject()
        .put("error", "coupon_already_redeemed").put("message", "Coupon has already been redeemed"));
    assertThat(Seed.count("SELECT redemption_count FROM coupons WHERE code = ?", code)).isEqualTo(1);
  }

  @Test
  @DisplayName("100 concurrent redeems of a single-use coupon give exactly one 200 and 99 × 400")
  void concurrentRedeems() {
    String code = coupon(DefinitionSpec.singleUse(), "user_123");
    String body = new JsonObject().put("user_id", "user_123").encode();

    List<Api.Response> answers = IntStream.range(0, 100)
        .mapToObj(i -> api.sendAsync("POST", redeemPath(code), body, t.server(), List.of()))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
    assertThat(answers).filteredOn(r -> r.status() == 400).hasSize(99)
        .allSatisfy(r -> assertThat(r.json().getString("message")).isEqualTo("Coupon has already been redeemed"));
    assertThat(Seed.count("SELECT count(*) FROM redemptions r JOIN coupons c ON c.id = r.coupon_id WHERE c.code = ?", code)).isEqualTo(1);
  }

  @Test
  @DisplayName("an unknown code answers 404 'Coupon not found'")
  void unknownCode() {
    Api.Response response = api.post(redeemPath("NOPE1234"), new JsonObject().put("user_id", "user_123"), t.server());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(new JsonObject().put("error", "coupon_not_found").put("message", "Coupon not found"));
  }

  @Test
  @DisplayName("an expired coupon answers 400 'Coupon has expired' and stays unchanged")
  void expired() {
    Instant past = Instant.now().minus(1, ChronoUnit.DAYS);
    String code = coupon(DefinitionSpec.singleUse().window(null, past), "user_123");

    Api.Response response = api.post(redeemPath(code), new JsonObject().put("user_id", "user_123"), t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json().getString("message")).isEqualTo("Coupon has expired");
    assertThat(Seed.scalar("SELECT status FROM coupons WHERE code = ?", code)).isEqualTo("active");
  }
}
