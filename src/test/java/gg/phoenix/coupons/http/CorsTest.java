package gg.phoenix.coupons.http;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CorsTest {

  private static final String GAME = "https://play.example.com";

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("CORS_ORIGINS", GAME + ", http://localhost:3000"));
  /** The service without CORS_ORIGINS. */
  @RegisterExtension
  static final TestService NO_CORS = TestService.another(new JsonObject().put("HTTP_INSTANCES", 1).put("COUPON_INSTANCES", 1));

  @Fixture private static Api api;

  @Fixture private Seed.Tenant tenant;

  private Api.Response preflight(Api target, String origin, String method) {
    return target.send("OPTIONS", "/v1/coupons/" + tenant.id() + "/redeem/WELCOME1", null, Api.NONE, List.of(
        "Origin", origin, "Access-Control-Request-Method", method,
        "Access-Control-Request-Headers", "authorization,content-type"));
  }

  @Test
  @DisplayName("a preflight from an allowed origin answers 204 allowing POST with Authorization and Content-Type")
  void preflightAllowed() {
    Api.Response response = preflight(api, GAME, "POST");

    assertThat(response.status()).isEqualTo(204);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains(GAME);
    assertThat(response.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("POST");
    assertThat(response.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
        .contains("authorization").contains("content-type");
  }

  @Test
  @DisplayName("a request from an allowed origin gets Access-Control-Allow-Origin and can read X-Request-Id")
  void actualRequest() {
    String token = tenantJwt(tenant.id(), tenant.secret(), "user_123", 600);

    Api.Response response = api.send("GET", "/v1/coupons/" + tenant.id() + "/user/user_123", null, bearer(token),
        List.of("Origin", "http://localhost:3000"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("coupons", new io.vertx.core.json.JsonArray()).put("total", 0).putNull("next_cursor"));
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:3000");
    assertThat(response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).containsIgnoringCase("X-Request-Id");
  }

  @Test
  @DisplayName("a preflight from an origin not listed gets no Access-Control-Allow-Origin, in the usual error shape")
  void otherOrigin() {
    Api.Response response = preflight(api, "https://evil.example.net", "POST");

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(response.json().fieldNames()).containsExactlyInAnyOrder("error", "message");
  }

  @Test
  @DisplayName("with CORS_ORIGINS empty (the default) no origin is allowed")
  void noOriginsByDefault() {
    Api.Response response = preflight(NO_CORS.api(), GAME, "POST");

    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(response.status()).isGreaterThanOrEqualTo(400);
  }

  @Test
  @DisplayName("CORS applies to the query endpoints only: health answers without Access-Control headers")
  void onlyQueryEndpoints() {
    Api.Response response = api.send("GET", "/health/live", null, Api.NONE, List.of("Origin", GAME));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  @DisplayName("GET /demo redirects to /demo/, which serves the demo page")
  void demoPage() {
    Api.Response redirect = api.get("/demo", Api.NONE);
    Api.Response page = api.get("/demo/", Api.NONE);

    assertThat(redirect.status()).isEqualTo(302);
    assertThat(redirect.headers().firstValue("Location")).contains("/demo/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("List my coupons").contains("validateCoupon").contains("redeemCoupon");
  }
}
