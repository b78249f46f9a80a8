package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Validations and lockouts are counted in memory and flushed to the stats every STATS_FLUSH_MS (here 100 ms). */
class ValidationCountsTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("STATS_FLUSH_MS", 100).put("LOOKUP_FAILURE_LIMIT", 3).put("LOOKUP_FAILURE_WINDOW_SECONDS", 60));

  @Fixture private Studio studio;

  @Test
  @DisplayName("validations of a definition's codes are counted as ok or by the refusal's error code, lockouts per tenant")
  void counted() {
    String def = studio.definition(new JsonObject()).getString("id");
    JsonObject coupon = studio.post("/definitions/" + def + "/coupons", new JsonObject().put("count", 1)).json()
        .getJsonArray("coupons").getJsonObject(0);
    String code = coupon.getString("code");
    assertThat(studio.get("/validate/" + code + "?user_id=a").json().getBoolean("valid")).isTrue();
    assertThat(studio.get("/validate/" + code + "?user_id=b").json().getBoolean("valid")).isTrue();
    assertThat(studio.redeem(code, "a").status()).isEqualTo(200);
    assertThat(studio.get("/validate/" + code + "?user_id=a").json().getBoolean("valid")).isFalse();
    assertThat(studio.get("/validate/" + code + "?user_id=b").json().getString("error")).isEqualTo("Coupon is assigned to another user");
    for (int i = 0; i < 3; i++) {
      studio.get("/validate/" + Seed.uniqueCode("GUESS") + "?user_id=guesser");
    }

    JsonObject stats = Await.until(() -> studio.get("/definitions/" + def + "/stats").json(),
        s -> s.getLong("lockouts") == 1 && s.getJsonObject("validations").getJsonObject("refused").size() == 2);

    assertThat(stats.getJsonObject("validations")).isEqualTo(new JsonObject().put("ok", 2L)
        .put("refused", new JsonObject().put("coupon_already_redeemed", 1L).put("coupon_not_owned", 1L)));
    assertThat(stats.getLong("lockouts")).isEqualTo(1);
  }
}
