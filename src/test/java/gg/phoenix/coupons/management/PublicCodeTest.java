package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class PublicCodeTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;
  private String code;

  @BeforeEach
  void publicCode() {
    code = Seed.uniqueCode("LAUNCH");
  }

  private JsonObject define(JsonObject usageLimit) {
    return studio.definition(new JsonObject().put("code_format", "fixed").put("code", code).put("usage_limit", usageLimit));
  }

  @Test
  @DisplayName("validating a public code answers valid with the definition and no coupon")
  void validatePublic() {
    JsonObject definition = define(Studio.perUser(1, null));

    JsonObject body = studio.get("/validate/" + code).json();

    assertThat(body.getBoolean("valid")).isTrue();
    assertThat(body.getValue("coupon")).isNull();
    assertThat(body.getValue("error")).isNull();
    assertThat(body.getJsonObject("definition").getString("id")).isEqualTo(definition.getString("id"));
    assertThat(body.getJsonObject("definition").getJsonObject("config").getString("code")).isEqualTo(code);
  }

  @Test
  @DisplayName("once cached, validating a public code sends nothing to PostgreSQL")
  void validateFromCache() {
    define(Studio.perUser(1, 1000));
    studio.redeem(code, "player-1");
    studio.get("/validate/" + code);
    long queries = gg.phoenix.coupons.metrics.Counters.COUPON_QUERIES.get();

    JsonObject body = studio.get("/validate/" + code).json();

    assertThat(body.getBoolean("valid")).isTrue();
    assertThat(gg.phoenix.coupons.metrics.Counters.COUPON_QUERIES.get() - queries).isZero();
  }

  @Test
  @DisplayName("a player redeeming a public code gets their own coupon with the public code and a count of their uses")
  void redeemPublic() {
    define(Studio.perUser(2, null));

    Api.Response first = studio.redeem(code.toLowerCase(), "player-1");
    Api.Response second = studio.redeem(code, "player-1");

    assertThat(first.status()).as(first.body()).isEqualTo(200);
    assertThat(first.json().getString("code")).isEqualTo(code);
    assertThat(first.json().getString("user_id")).isEqualTo("player-1");
    assertThat(first.json().getInteger("redemption_count")).isEqualTo(1);
    assertThat(first.json().getString("status")).isEqualTo("active");
    assertThat(second.json().getInteger("redemption_count")).isEqualTo(2);
    assertThat(second.json().getString("status")).isEqualTo("redeemed");
    assertThat(second.json().getString("id")).isEqualTo(first.json().getString("id"));
  }

  @Test
  @DisplayName("a player whose uses of a public code are spent gets 400 'Coupon has already been redeemed', and validate says 'Coupon has already been used'")
  void playerSpent() {
    define(Studio.perUser(1, null));
    studio.redeem(code, "player-1");

    Api.Response again = studio.redeem(code, "player-1");
    JsonObject validation = studio.get("/validate/" + code + "?user_id=player-1").json();

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.json()).isEqualTo(new JsonObject().put("error", "coupon_already_redeemed").put("message", "Coupon has already been redeemed"));
    assertThat(validation.getBoolean("valid")).isFalse();
    assertThat(validation.getString("error")).isEqualTo("Coupon has already been used");
    assertThat(studio.get("/validate/" + code + "?user_id=player-2").json().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("once the total cap of a public code is reached, further players get 400 'Usage limit exceeded'")
  void totalCap() {
    define(Studio.perUser(1, 2));
    studio.redeem(code, "player-1");
    studio.redeem(code, "player-2");

    Api.Response third = studio.redeem(code, "player-3");

    assertThat(third.status()).isEqualTo(400);
    assertThat(third.json()).isEqualTo(new JsonObject().put("error", "usage_limit_exceeded").put("message", "Usage limit exceeded"));
    assertThat(studio.get("/validate/" + code).json().getString("error")).isEqualTo("Usage limit exceeded");
  }

  @Test
  @DisplayName("1,000 concurrent redeems of a public code capped at 100 by distinct players give exactly 100 × 200")
  void stampede() {
    JsonObject definition = define(Studio.perUser(1, 100));

    List<Api.Response> answers = IntStream.range(0, 1000)
        .mapToObj(i -> studio.api.sendAsync("POST", studio.path("/redeem/" + code),
            new JsonObject().put("user_id", "p" + i).encode(), studio.server, List.of()))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(100);
    assertThat(answers).filteredOn(r -> r.status() == 400).hasSize(900)
        .allSatisfy(r -> assertThat(r.json().getString("message")).isEqualTo("Usage limit exceeded"));
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?::uuid", definition.getString("id"))).isEqualTo(100);
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?::uuid", definition.getString("id"))).isEqualTo(100);
  }

  @Test
  @DisplayName("concurrent redeems of a public code by one player with one use give exactly one 200")
  void onePlayerConcurrently() {
    JsonObject definition = define(Studio.perUser(1, null));

    List<Api.Response> answers = IntStream.range(0, 50)
        .mapToObj(i -> studio.api.sendAsync("POST", studio.path("/redeem/" + code),
            new JsonObject().put("user_id", "same-player").encode(), studio.server, List.of()))
        .toList().stream().map(CompletableFuture::join).toList();

    assertThat(answers).filteredOn(r -> r.status() == 200).hasSize(1);
    assertThat(answers).filteredOn(r -> r.status() != 200)
        .allSatisfy(r -> assertThat(r.json().getString("message")).isEqualTo("Coupon has already been redeemed"));
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?::uuid", definition.getString("id"))).isEqualTo(1);
  }

  @Test
  @DisplayName("a public code that another code of the tenant already uses, in any case, is refused with 409")
  void codeTaken() {
    define(Studio.perUser(1, null));

    Api.Response response = studio.post("/definitions", new JsonObject().put("name", "Again")
        .put("config", new JsonObject().put("reward_item_id", studio.rewardItem())
            .put("code_format", "fixed").put("code", code.toLowerCase())));

    assertThat(response.status()).isEqualTo(409);
    assertThat(response.json().getString("error")).isEqualTo("code_taken");
  }
}
