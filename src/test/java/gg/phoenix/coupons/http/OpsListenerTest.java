package gg.phoenix.coupons.http;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.RawHttp;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operators' surfaces (/metrics, /v1/admin/*) on the ops listener only; the public port answers 404 for them,
 * whatever form the path takes. Wrong admin tokens are throttled per client address.
 */
class OpsListenerTest {

  private static final String ADMIN_TOKEN = "ops-admin-" + Seed.uniqueId("t") + "-0123456789abcdef";
  private static final int ADMIN_FAILURES = 4;
  private static final JsonObject NOT_FOUND = new JsonObject().put("error", "not_found").put("message", "No such resource");

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("TRUSTED_PROXIES", "127.0.0.0/8")
      .put("ADMIN_TOKEN", ADMIN_TOKEN)
      .put("ADMIN_FAILURE_LIMIT", ADMIN_FAILURES)
      .put("ADMIN_FAILURE_WINDOW_SECONDS", 3600)).withMetrics();

  @Fixture private static Api api;

  private static JsonObject newTenant() {
    return new JsonObject().put("id", Seed.uniqueId("ops")).put("name", "Ops Games");
  }

  @Test
  @DisplayName("the public port answers 404 in the usual error shape for /metrics and /v1/admin, with a valid admin token, in every spelling of the path")
  void publicPortHasNoOperatorSurfaces() throws Exception {
    RawHttp raw = new RawHttp(api.port());
    List<String> targets = List.of("/metrics", "/metrics/", "/metrics?x=1", "/metrics/x", "//metrics", "/./metrics",
        "/%6detrics", "/v1/admin/tenants", "/v1/admin/tenants/", "//v1/admin/tenants", "/v1/./admin/tenants",
        "/v1/x/../admin/tenants", "/v1/%61dmin/tenants", "/v1%2Fadmin/tenants", "/v1/admin", "/v1/admin/");
    for (String target : targets) {
      for (String method : List.of("GET", "POST")) {
        RawHttp.Response response = raw.send(method, target, List.<String[]>of(new String[] {"Authorization", "Bearer " + ADMIN_TOKEN}),
            method.equals("POST") ? newTenant().put("name", "Through Public Port").encode().getBytes() : null, false);
        assertThat(response.status()).as(method + " " + target + ": " + response.body()).isEqualTo(404);
        assertThat(response.jsonOrNull()).as(method + " " + target).isEqualTo(NOT_FOUND);
      }
    }
    assertThat(Seed.count("SELECT count(*) FROM tenants WHERE name = 'Through Public Port'")).isZero();
  }

  @Test
  @DisplayName("the ops listener serves /metrics and the admin API; /health answers on both listeners")
  void opsListenerServes() {
    Api.Response metrics = api.ops().get("/metrics", Api.NONE);
    Api.Response created = api.ops().post("/v1/admin/tenants", newTenant(), bearer(ADMIN_TOKEN));

    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    assertThat(api.get("/health/live", Api.NONE).status()).isEqualTo(200);
    assertThat(api.ops().get("/health/live", Api.NONE).status()).isEqualTo(200);
    assertThat(api.ops().get("/health/ready", Api.NONE).status()).isEqualTo(200);
    assertThat(api.ops().get("/v1/coupons/anyone/definitions", Api.NONE).status()).isEqualTo(404);
  }

  @Test
  @DisplayName("after ADMIN_FAILURE_LIMIT wrong admin tokens an address gets 429 with Retry-After, even with the right token; another address does not")
  void wrongAdminTokensThrottled() throws Exception {
    RawHttp guesser = new RawHttp(api.ops().port()).from("127.0.0.3");
    for (int i = 0; i < ADMIN_FAILURES; i++) {
      assertThat(guesser.get("/v1/admin/tenants/nobody", "Authorization", "Bearer guess-" + i).status()).isEqualTo(401);
    }

    RawHttp.Response wrong = guesser.get("/v1/admin/tenants/nobody", "Authorization", "Bearer guess-next");
    RawHttp.Response right = guesser.get("/v1/admin/tenants/nobody", "Authorization", "Bearer " + ADMIN_TOKEN);
    RawHttp.Response elsewhere = new RawHttp(api.ops().port()).from("127.0.0.4")
        .get("/v1/admin/tenants/nobody", "Authorization", "Bearer " + ADMIN_TOKEN);

    assertThat(wrong.status()).as(wrong.body()).isEqualTo(429);
    assertThat(wrong.jsonOrNull().getString("error")).isEqualTo("too_many_attempts");
    assertThat(Long.parseLong(wrong.header("Retry-After"))).isBetween(1L, 3600L);
    assertThat(right.status()).as("the right token from the throttled address").isEqualTo(429);
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(404);
    assertThat(elsewhere.jsonOrNull().getString("error")).isEqualTo("tenant_not_found");
  }

  @Test
  @DisplayName("on the ops listener X-Forwarded-For is never read, even from a trusted address: a new one per try does not escape the throttle")
  void forwardedForIgnoredOnOpsListener() throws Exception {
    RawHttp guesser = new RawHttp(api.ops().port()).from("127.0.0.5");
    for (int i = 0; i < ADMIN_FAILURES; i++) {
      RawHttp.Response wrong = guesser.get("/v1/admin/tenants/nobody", "Authorization", "Bearer guess-" + i,
          "X-Forwarded-For", "198.51.100." + i);
      assertThat(wrong.status()).isEqualTo(401);
    }

    RawHttp.Response next = guesser.get("/v1/admin/tenants/nobody", "Authorization", "Bearer guess-next",
        "X-Forwarded-For", "198.51.100.200");

    assertThat(next.status()).as(next.body()).isEqualTo(429);
  }

  @Test
  @DisplayName("PROFILE=prod refuses to start with an ADMIN_TOKEN shorter than 32 characters, naming the key")
  void shortAdminTokenRefusedInProd() throws Exception {
    Vertx other = Vertx.vertx();
    try {
      assertThatThrownBy(() -> TestApp.start(other, new JsonObject().put("PROFILE", "prod").put("ADMIN_TOKEN", "x".repeat(31))))
          .hasMessageContaining("Configuration key ADMIN_TOKEN must be at least 32 characters under PROFILE=prod");
    } finally {
      other.close().await(30, TimeUnit.SECONDS);
    }
  }
}
