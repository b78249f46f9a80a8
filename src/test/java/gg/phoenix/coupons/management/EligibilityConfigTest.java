package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** config.eligibility of a definition: accepted as documented, shown back, changed by PATCH, refused when malformed. */
@ExtendWith(TestService.class)
class EligibilityConfigTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private Api.Response create(Object eligibility) {
    return studio.post("/definitions", new JsonObject().put("name", "Welcome Bonus").put("config", new JsonObject()
        .put("reward_item_id", studio.rewardItem()).put("eligibility", eligibility)));
  }

  private int definitionCount() {
    return studio.get("/definitions").json().getInteger("total");
  }

  @Test
  @DisplayName("every rule is accepted and shown back in the definition's config: countries upper case, platforms lower case")
  void allRulesAccepted() {
    Api.Response response = create(new JsonObject()
        .put("countries", new JsonArray().add("de").add("AT"))
        .put("platforms", new JsonArray().add("iOS").add("steam"))
        .put("min_level", 10)
        .put("segments", new JsonArray().add("vip").add("beta"))
        .put("new_players_since", "2026-01-01T00:00:00Z"));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(response.json().getJsonObject("config").getJsonObject("eligibility")).isEqualTo(new JsonObject()
        .put("countries", new JsonArray().add("DE").add("AT"))
        .put("platforms", new JsonArray().add("ios").add("steam"))
        .put("min_level", 10)
        .put("segments", new JsonArray().add("vip").add("beta"))
        .put("new_players_since", "2026-01-01T00:00:00Z"));
    String id = response.json().getString("id");
    assertThat(studio.get("/definitions/" + id).json().getJsonObject("config").getJsonObject("eligibility").getInteger("min_level"))
        .isEqualTo(10);
  }

  @Test
  @DisplayName("a definition without eligibility shows no eligibility key in its config, as before")
  void noEligibilityNoKey() {
    JsonObject definition = studio.definition(new JsonObject());

    assertThat(definition.getJsonObject("config").containsKey("eligibility")).isFalse();
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("not an object", "yes", "config.eligibility must be a JSON object"),
        Arguments.of("an empty object", new JsonObject(), "config.eligibility must be a JSON object"),
        Arguments.of("countries not a list", new JsonObject().put("countries", "DE"), "config.eligibility.countries must be a list"),
        Arguments.of("an empty country list", new JsonObject().put("countries", new JsonArray()), "config.eligibility.countries must be a list"),
        Arguments.of("UK, which is not ISO 3166-1 (GB is)", new JsonObject().put("countries", new JsonArray().add("UK")),
            "config.eligibility.countries must be a list of 1 to 300 ISO 3166-1 alpha-2 country codes such as DE: UK is not one"),
        Arguments.of("a three-letter country", new JsonObject().put("countries", new JsonArray().add("DEU")), "DEU is not one"),
        Arguments.of("a platform that is a number", new JsonObject().put("platforms", new JsonArray().add(5)), "config.eligibility.platforms"),
        Arguments.of("a blank segment", new JsonObject().put("segments", new JsonArray().add(" ")), "config.eligibility.segments"),
        Arguments.of("a negative min_level", new JsonObject().put("min_level", -1), "config.eligibility.min_level must be a whole number"),
        Arguments.of("a fractional min_level", new JsonObject().put("min_level", 1.5), "config.eligibility.min_level must be a whole number"),
        Arguments.of("a min_level as a string", new JsonObject().put("min_level", "10"), "config.eligibility.min_level must be a whole number"),
        Arguments.of("new_players_since not a timestamp", new JsonObject().put("new_players_since", "yesterday"),
            "config.eligibility.new_players_since must be an ISO-8601 UTC timestamp"),
        Arguments.of("new_players_since after the year 9999", new JsonObject().put("new_players_since", "+10000-01-01T00:00:00Z"),
            "config.eligibility.new_players_since must be an ISO-8601 UTC timestamp"),
        Arguments.of("new_players_since in the year 0", new JsonObject().put("new_players_since", "0000-01-01T00:00:00Z"),
            "config.eligibility.new_players_since must be an ISO-8601 UTC timestamp"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  @DisplayName("malformed eligibility answers 400 invalid_eligibility naming the field, and makes no definition")
  void malformedRefused(String what, Object eligibility, String message) {
    Api.Response response = create(eligibility);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json().getString("error")).isEqualTo("invalid_eligibility");
    assertThat(response.json().getString("message")).contains(message);
    assertThat(definitionCount()).isZero();
  }

  @Test
  @DisplayName("PATCH config.eligibility sets the rules, null removes them, and the rest of the config stays")
  void patchSetsAndRemoves() {
    String id = studio.definition(new JsonObject()).getString("id");
    JsonObject rules = new JsonObject().put("countries", new JsonArray().add("FR"));

    Api.Response set = studio.patch("/definitions/" + id, new JsonObject().put("config", new JsonObject().put("eligibility", rules)));
    Api.Response removed = studio.patch("/definitions/" + id, new JsonObject().put("config", new JsonObject().putNull("eligibility")));

    assertThat(set.status()).as(set.body()).isEqualTo(200);
    assertThat(set.json().getJsonObject("config").getJsonObject("eligibility")).isEqualTo(rules);
    assertThat(set.json().getJsonObject("config").getString("reward_item_id")).isNotNull();
    assertThat(removed.status()).as(removed.body()).isEqualTo(200);
    assertThat(removed.json().getJsonObject("config").containsKey("eligibility")).isFalse();
    assertThat(removed.json().getJsonObject("config").getString("reward_item_id")).isNotNull();
  }

  @Test
  @DisplayName("PATCH with malformed eligibility, or another config key, answers 400 and changes nothing")
  void patchRefused() {
    JsonObject before = studio.definition(new JsonObject());
    String id = before.getString("id");

    Api.Response bad = studio.patch("/definitions/" + id,
        new JsonObject().put("config", new JsonObject().put("eligibility", new JsonObject().put("min_level", "high"))));
    Api.Response otherKey = studio.patch("/definitions/" + id,
        new JsonObject().put("config", new JsonObject().put("case_sensitive", true)));

    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().getString("error")).isEqualTo("invalid_eligibility");
    assertThat(otherKey.status()).isEqualTo(400);
    assertThat(otherKey.json().getString("error")).isEqualTo("unknown_field");
    assertThat(otherKey.json().getString("message")).isEqualTo("Unknown field config.case_sensitive: config takes eligibility");
    assertThat(studio.get("/definitions/" + id).json().getJsonObject("config")).isEqualTo(before.getJsonObject("config"));
  }
}
