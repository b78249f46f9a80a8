package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.RawHttp;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * X-Content-Type-Options: nosniff on every response, errors and static files included; Cache-Control: no-store on
 * every answer of the API, above all those that carry a tenant secret.
 */
class ResponseHeadersTest {

  private static final String ADMIN_TOKEN = "headers-admin-token-" + Seed.uniqueId("x");
  private static final Api.Auth OPERATOR = Credentials.bearer(ADMIN_TOKEN);

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("ADMIN_TOKEN", ADMIN_TOKEN));

  @Fixture private static Api api;
  @Fixture private static RawHttp raw;

  private static void assertNosniff(Api.Response response) {
    assertThat(response.headers().allValues("X-Content-Type-Options")).as(response.status() + " " + response.body()).containsExactly("nosniff");
  }

  private static void assertNoStore(Api.Response response) {
    assertThat(response.headers().firstValue("Cache-Control")).as(response.status() + " " + response.body()).hasValue("no-store");
  }

  @Test
  @DisplayName("a new tenant's answer, which shows its secret, carries Cache-Control: no-store and nosniff")
  void tenantCreated() {
    Api.Response created = api.ops().post("/v1/admin/tenants", new JsonObject().put("id", Seed.uniqueId("hdr")).put("name", "H"), OPERATOR);

    assertThat(created.json().getString("secret")).isNotBlank();
    assertNoStore(created);
    assertNosniff(created);
  }

  @Test
  @DisplayName("a rotated secret's answer carries Cache-Control: no-store")
  void secretRotated() {
    Studio studio = Studio.create(api);

    Api.Response rotated = api.ops().post("/v1/admin/tenants/" + studio.tenantId + "/secret/rotate", new JsonObject(), OPERATOR);

    assertThat(rotated.json().getString("secret")).isNotBlank();
    assertNoStore(rotated);
  }

  @Test
  @DisplayName("every answer of the API, success or error, carries no-store and nosniff")
  void apiAnswers() {
    Studio studio = Studio.create(api);
    List<Api.Response> answers = List.of(
        studio.get("/user/u1"),
        studio.get("/definitions"),
        studio.get("/validate/NOPE"),
        api.get(studio.path("/definitions"), Api.NONE),
        api.ops().get("/v1/admin/tenants/" + studio.tenantId, Api.NONE),
        api.ops().get("/v1/admin/tenants/" + studio.tenantId, OPERATOR),
        api.get("/v1/nothing-here", Api.NONE));

    assertThat(answers).extracting(Api.Response::status).containsExactly(200, 200, 200, 401, 401, 200, 404);
    answers.forEach(ResponseHeadersTest::assertNoStore);
    answers.forEach(ResponseHeadersTest::assertNosniff);
  }

  @Test
  @DisplayName("a player's coupons asked for as //v1/..., /./v1/..., /x/../v1/... or /%761/... (the router's spellings of /v1/) carry no-store too")
  void apiAnswersUnderOtherSpellings() throws Exception {
    Studio studio = Studio.create(api);
    String[] token = {"Authorization", "Bearer " + Credentials.tenantJwt(studio.tenantId, studio.secret, "u1", 600)};
    String rest = "/coupons/" + studio.tenantId + "/user/u1";

    for (String target : List.of("//v1" + rest, "/./v1" + rest, "/x/../v1" + rest, "/%761" + rest)) {
      RawHttp.Response answer = raw.get(target, token);
      assertThat(answer.status()).as(target + ": " + answer.body()).isEqualTo(200);
      assertThat(answer.header("Cache-Control")).as(target).isEqualTo("no-store");
      assertThat(answer.header("X-Content-Type-Options")).as(target).isEqualTo("nosniff");
    }
  }

  @Test
  @DisplayName("health, the API document, the demo page's static files and a 404 outside the API carry nosniff")
  void otherAnswers() {
    List<Api.Response> answers = List.of(api.get("/health/live", Api.NONE), api.get("/openapi.yaml", Api.NONE),
        api.get("/demo/", Api.NONE), api.get("/demo/index.html", Api.NONE), api.get("/nothing-here", Api.NONE));

    assertThat(answers).extracting(Api.Response::status).containsExactly(200, 200, 200, 200, 404);
    answers.forEach(ResponseHeadersTest::assertNosniff);
  }

  @Test
  @DisplayName("answers the router never sees carry nosniff too: a broken percent-escape (400), an over-long request line (414)")
  void refusedBeforeRouting() throws Exception {
    RawHttp.Response badEscape = raw.send("GET", "/v1/coupons/t/validate/%ZZ", List.of(), null, false);
    RawHttp.Response longLine = raw.send("GET", "/v1/coupons/t/validate/" + "A".repeat(10_000), List.of(), null, false);

    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(badEscape.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(longLine.status()).isEqualTo(414);
    assertThat(longLine.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }
}
