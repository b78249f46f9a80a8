package gg.phoenix.coupons.metrics;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The service on a Vert.x built as the fat jar builds it: with Micrometer metrics. */
class MetricsTest {

  private static Vertx vertx;
  private static Api api;

  @BeforeAll
  static void start() throws Exception {
    vertx = Metrics.vertxBuilder(new VertxOptions()).build();
    api = TestApp.start(vertx);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("GET /metrics serves Prometheus text with HTTP latency histograms by route template, never by code")
  void prometheus() {
    Seed.Tenant tenant = Seed.tenant();
    String code = Seed.uniqueCode("METRIC");
    api.get("/v1/coupons/" + tenant.id() + "/validate/" + code, bearer(tenantJwt(tenant.id(), tenant.secret(), null, 600)));

    Api.Response response = api.ops().get("/metrics", Api.NONE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(response.body())
        .contains("vertx_http_server_response_time_seconds_bucket")
        .containsPattern("route=\"[^\"]*/v1/coupons/:tenant_id/validate/:code\"")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(code);
  }

  @Test
  @DisplayName("GET /metrics counts redemptions by outcome, the guard's refusals, Redis fallbacks, rule queries and the outbox lag")
  void serviceMeters() throws InterruptedException {
    Seed.Tenant tenant = Seed.tenant();
    UUID item = Seed.rewardItem(tenant.id());
    String code = Seed.uniqueCode("METRIC");
    Seed.coupon(tenant.id(), Seed.definition(tenant.id(), item, Seed.DefinitionSpec.singleUse()), "user_1", code);
    Api.Auth auth = bearer(tenantJwt(tenant.id(), tenant.secret(), null, 600));
    api.post("/v1/coupons/" + tenant.id() + "/redeem/" + code, new JsonObject().put("user_id", "user_1"), auth);
    api.post("/v1/coupons/" + tenant.id() + "/redeem/" + code, new JsonObject().put("user_id", "user_1"), auth);
    Thread.sleep(1500);

    String metrics = api.ops().get("/metrics", Api.NONE).body();

    assertThat(metrics)
        .containsPattern("coupons_redemptions_total\\{outcome=\"redeemed\"\\} [1-9]")
        .containsPattern("coupons_redemptions_total\\{outcome=\"coupon_already_redeemed\"\\} [1-9]")
        .contains("coupons_guard_rejections_total")
        .contains("coupons_redis_fallbacks_total")
        .contains("coupons_rule_queries_total")
        .contains("coupons_outbox_lag_milliseconds_count");
  }
}
