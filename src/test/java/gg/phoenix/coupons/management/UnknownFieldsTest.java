package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class UnknownFieldsTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private JsonObject definitionBody(JsonObject config) {
    return new JsonObject().put("name", "Welcome Bonus").put("config", config.put("reward_item_id", studio.rewardItem()));
  }

  private static void assertRefused(Api.Response response, String key) {
    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("unknown_field");
    assertThat(response.json().getString("message")).startsWith("Unknown field " + key + ":");
  }

  private int definitionCount() {
    return studio.get("/definitions").json().getInteger("total");
  }

  @Test
  @DisplayName("a definition with an unknown top-level key is refused with 400 unknown_field naming it, and none is made")
  void unknownTopLevelKey() {
    Api.Response response = studio.post("/definitions", definitionBody(new JsonObject()).put("max_uses", 5));

    assertRefused(response, "max_uses");
    assertThat(response.json().getString("message")).contains("config, description, expires_at, name, starts_at");
    assertThat(definitionCount()).isZero();
  }

  @Test
  @DisplayName("an unknown key in config or config.usage_limit is refused with 400 naming it with its path")
  void unknownConfigKey() {
    assertRefused(studio.post("/definitions", definitionBody(new JsonObject().put("code_prefx", "WELCOME"))), "config.code_prefx");
    assertRefused(studio.post("/definitions", definitionBody(new JsonObject()
        .put("usage_limit", Studio.perUser(1, null).put("per_day", 1)))), "config.usage_limit.per_day");
    assertThat(definitionCount()).isZero();
  }

  @Test
  @DisplayName("an unknown key in config.eligibility is refused with 400 naming it with its path and the keys it takes")
  void unknownEligibilityKey() {
    Api.Response response = studio.post("/definitions", definitionBody(new JsonObject()
        .put("eligibility", new JsonObject().put("countries", new io.vertx.core.json.JsonArray().add("DE")).put("max_level", 5))));

    assertRefused(response, "config.eligibility.max_level");
    assertThat(response.json().getString("message"))
        .endsWith("config.eligibility takes countries, min_level, new_players_since, platforms, segments");
    assertThat(definitionCount()).isZero();
  }

  @Test
  @DisplayName("every key the guide and the docs show is accepted: the guide's definition, dates, pattern and fixed formats, coupon_type")
  void documentedKeysAccepted() {
    JsonObject guide = definitionBody(new JsonObject().put("code_format", "random").put("code_prefix", "WELCOME")
        .put("code_length", 8).put("case_sensitive", false).put("usage_limit", Studio.perUser(1, 100))
        .put("coupon_type", "reward"))
        .put("description", "Welcome bonus for new users")
        .put("starts_at", "2025-01-01T00:00:00Z").put("expires_at", "2035-12-31T23:59:59Z");
    assertThat(studio.post("/definitions", guide).status()).isEqualTo(201);
    assertThat(studio.post("/definitions", definitionBody(new JsonObject().put("code_format", "pattern")
        .put("pattern", "GIFT-####-####").put("usage_limit", new JsonObject().put("limit_type", "global").put("max_uses", 5))))
        .status()).isEqualTo(201);
    assertThat(studio.post("/definitions", definitionBody(new JsonObject().put("code_format", "fixed")
        .put("code", "LAUNCH-" + System.nanoTime()).put("usage_limit", new JsonObject().put("limit_type", "unlimited"))))
        .status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a PATCH with a config key it cannot change (only eligibility) is refused with 400 naming it, and the definition is unchanged")
  void patchUnknownKey() {
    JsonObject definition = studio.definition(new JsonObject());

    Api.Response response = studio.patch("/definitions/" + definition.getString("id"),
        new JsonObject().put("name", "Renamed").put("config", new JsonObject().put("code_length", 12)));

    assertRefused(response, "config.code_length");
    assertThat(studio.get("/definitions/" + definition.getString("id")).json().getString("name")).isEqualTo("Welcome Bonus");
  }

  @Test
  @DisplayName("a generation request with an unknown key is refused with 400 naming it, and no coupon is made")
  void generationUnknownKey() {
    String id = studio.definition(new JsonObject()).getString("id");

    Api.Response response = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 3).put("prefix", "X"));

    assertRefused(response, "prefix");
    assertThat(studio.get("/definitions/" + id + "/batches").json().getJsonArray("batches")).isEmpty();
    assertThat(studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 3).put("label", "Retail")
        .put("starts_at", "2025-01-01T00:00:00Z").put("expires_at", "2035-01-01T00:00:00Z")).status()).isEqualTo(201);
  }

  @Test
  @DisplayName("a huge unknown key is named cut short, and a body of many unknown keys is still one clear 400")
  void hugeUnknownKey() {
    String key = "k".repeat(10_000);
    JsonObject body = definitionBody(new JsonObject());
    for (int i = 0; i < 2_000; i++) {
      body.getJsonObject("config").put("x" + i, i);
    }

    Api.Response huge = studio.post("/definitions", definitionBody(new JsonObject()).put(key, 1));
    Api.Response many = studio.post("/definitions", body);

    assertThat(huge.status()).isEqualTo(400);
    assertThat(huge.json().getString("message")).hasSizeLessThan(300).contains("k".repeat(64) + "...");
    assertRefused(many, "config.x0");
  }

  @Test
  @DisplayName("a reward item with an unknown key, or with translations (not available for reward items), is refused with 400 naming it")
  void rewardItemUnknownKey() {
    JsonObject item = new JsonObject().put("name", "100 Bonus Points").put("reward_type", "points");

    assertRefused(studio.post("/reward-items", item.copy().put("amount", 100)), "amount");
    Api.Response translated = studio.post("/reward-items", item.copy()
        .put("translations", new JsonObject().put("de", new JsonObject().put("name", "100 Bonuspunkte"))));
    assertRefused(translated, "translations");
    assertThat(translated.json().getString("message")).contains("reward items cannot be translated yet");
    assertThat(studio.get("/reward-items").json().getInteger("total")).isZero();
    assertThat(studio.post("/reward-items", item.copy().put("description", "d").put("payload", new JsonObject())).status()).isEqualTo(201);
  }
}
