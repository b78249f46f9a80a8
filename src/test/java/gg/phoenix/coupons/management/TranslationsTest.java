package gg.phoenix.coupons.management;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestService.class)
class TranslationsTest {

  @Fixture private static Api api;
  @Fixture private Studio studio;

  private static final JsonObject GERMAN_AND_BRAZILIAN = new JsonObject()
      .put("de", new JsonObject().put("name", "Willkommensbonus").put("description", "Bonus für neue Spieler"))
      .put("pt-BR", new JsonObject().put("name", "Bônus de boas-vindas"));

  private Api.Response create(JsonObject translations) {
    return studio.post("/definitions", new JsonObject().put("name", "Welcome Bonus").put("description", "Welcome bonus for new users")
        .put("config", new JsonObject().put("reward_item_id", studio.rewardItem())).put("translations", translations));
  }

  private Api.Response playerList(String acceptLanguage) {
    Api.Auth player = bearer(tenantJwt(studio.tenantId, studio.secret, null, 3600));
    return api.send("GET", studio.path("/definitions"), null, player,
        acceptLanguage == null ? List.of() : List.of("Accept-Language", acceptLanguage));
  }

  private static JsonObject first(Api.Response response) {
    return response.json().getJsonArray("definitions").getJsonObject(0);
  }

  @Test
  @DisplayName("a definition's translations are stored with lower-case language tags and shown to the studio")
  void stored() {
    Api.Response created = create(GERMAN_AND_BRAZILIAN);

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(created.json().getJsonObject("translations").fieldNames()).containsExactlyInAnyOrder("de", "pt-br");
    assertThat(studio.get("/definitions/" + created.json().getString("id")).json().getJsonObject("translations"))
        .isEqualTo(created.json().getJsonObject("translations"));
  }

  @Test
  @DisplayName("players get name and description in the best match of Accept-Language, said in Content-Language; the stored name where only part is translated")
  void bestMatch() {
    create(GERMAN_AND_BRAZILIAN);

    Api.Response german = playerList("fr;q=0.9, de-AT;q=0.8, en;q=0.5");
    Api.Response brazilian = playerList("pt-BR");

    assertThat(german.headers().firstValue("Content-Language")).hasValue("de");
    assertThat(first(german).getString("name")).isEqualTo("Willkommensbonus");
    assertThat(first(german).getString("description")).isEqualTo("Bonus für neue Spieler");
    assertThat(first(german).fieldNames()).doesNotContain("translations");
    assertThat(brazilian.headers().firstValue("Content-Language")).hasValue("pt-br");
    assertThat(first(brazilian).getString("name")).isEqualTo("Bônus de boas-vindas");
    assertThat(first(brazilian).getString("description")).isEqualTo("Welcome bonus for new users");
    assertThat(first(playerList("DE-ch")).getString("name")).isEqualTo("Willkommensbonus");
  }

  @Test
  @DisplayName("without a match, without or with a malformed or huge Accept-Language, players get the definition as stored and no Content-Language")
  void asStored() {
    create(GERMAN_AND_BRAZILIAN);

    for (String header : java.util.Arrays.asList(null, "ja", "de;q=abc", "x".repeat(5000), "de;q=0")) {
      Api.Response response = playerList(header);
      assertThat(response.status()).as(String.valueOf(header).substring(0, Math.min(20, String.valueOf(header).length()))).isEqualTo(200);
      assertThat(first(response).getString("name")).isEqualTo("Welcome Bonus");
      assertThat(response.headers().firstValue("Content-Language")).isEmpty();
    }
  }

  @Test
  @DisplayName("the cached definitions list never mixes languages: German, then English, then German again answer each their own")
  void cacheDoesNotMix() {
    create(GERMAN_AND_BRAZILIAN);

    assertThat(first(playerList("de")).getString("name")).isEqualTo("Willkommensbonus");
    assertThat(first(playerList("en")).getString("name")).isEqualTo("Welcome Bonus");
    assertThat(first(playerList(null)).getString("name")).isEqualTo("Welcome Bonus");
    assertThat(first(playerList("de")).getString("name")).isEqualTo("Willkommensbonus");
  }

  @Test
  @DisplayName("a definition without translations answers players exactly as before, whatever Accept-Language")
  void untranslated() {
    JsonObject definition = studio.definition(new JsonObject());

    Api.Response response = playerList("de");

    assertThat(definition.fieldNames()).doesNotContain("translations");
    assertThat(first(response)).isEqualTo(definition);
    assertThat(response.headers().firstValue("Content-Language")).isEmpty();
  }

  @Test
  @DisplayName("bad translations are refused with 400 invalid_translations or unknown_field, and nothing is created")
  void badTranslations() {
    List<JsonObject> bad = List.of(
        new JsonObject().put("not a tag!", new JsonObject().put("name", "x")),
        new JsonObject().put("", new JsonObject().put("name", "x")),
        new JsonObject().put("de", "Willkommensbonus"),
        new JsonObject().put("de", new JsonObject()),
        new JsonObject().put("de", new JsonObject().put("name", "x".repeat(201))),
        new JsonObject().put("de", new JsonObject().put("description", "x".repeat(2001))),
        new JsonObject().put("de", new JsonObject().put("name", "x")).put("DE", new JsonObject().put("name", "y")),
        new JsonObject().put("de", new JsonObject().put("name", "x").put("title", "y")));
    for (JsonObject translations : bad) {
      Api.Response response = create(translations);
      assertThat(response.status()).as(translations.encode()).isEqualTo(400);
      assertThat(response.json().getString("error")).as(translations.encode()).isIn("invalid_translations", "unknown_field");
    }
    JsonObject many = new JsonObject();
    for (int i = 0; i < 51; i++) {
      many.put("x-" + String.format("%05d", i), new JsonObject().put("name", "x"));
    }
    assertThat(create(many).json().getString("error")).isEqualTo("invalid_translations");
    assertThat(create(new JsonObject().put("de", new JsonObject().put("name", "x").put("title", "y"))).json().getString("message"))
        .startsWith("Unknown field translations.de.title");
    assertThat(studio.get("/definitions").json().getInteger("total")).isZero();
  }

  @Test
  @DisplayName("a public code's validate answer shows its definition in the player's language, without the translations")
  void publicCodeValidate() {
    String code = "HALLO-" + System.nanoTime();
    Api.Response created = studio.post("/definitions", new JsonObject().put("name", "Welcome Bonus")
        .put("config", new JsonObject().put("reward_item_id", studio.rewardItem()).put("code_format", "fixed").put("code", code))
        .put("translations", GERMAN_AND_BRAZILIAN));
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    Api.Auth player = bearer(tenantJwt(studio.tenantId, studio.secret, null, 3600));

    Api.Response german = api.send("GET", studio.path("/validate/" + code), null, player, List.of("Accept-Language", "de"));
    Api.Response plain = api.send("GET", studio.path("/validate/" + code), null, player, List.of());

    assertThat(german.json().getJsonObject("definition").getString("name")).isEqualTo("Willkommensbonus");
    assertThat(german.json().getJsonObject("definition").fieldNames()).doesNotContain("translations");
    assertThat(german.headers().firstValue("Content-Language")).hasValue("de");
    assertThat(plain.json().getJsonObject("definition").getString("name")).isEqualTo("Welcome Bonus");
    assertThat(plain.json().getJsonObject("definition").fieldNames()).doesNotContain("translations");
  }

  @Test
  @DisplayName("another tenant's players never see this tenant's translated definitions")
  void otherTenant() {
    create(GERMAN_AND_BRAZILIAN);
    Studio other = Studio.create(api);

    Api.Response response = api.send("GET", other.path("/definitions"), null,
        bearer(tenantJwt(other.tenantId, other.secret, null, 3600)), List.of("Accept-Language", "de"));

    assertThat(response.json().getJsonArray("definitions")).isEmpty();
    assertThat(response.headers().firstValue("Content-Language")).isEmpty();
  }
}
