package gg.phoenix.coupons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(TestService.class)
class HealthTest {

  /**
   * A second service whose Redis is a port nobody listens on (EMBEDDED=auto would start one there instead), on a
   * Vert.x of its own: on a shared event bus the two health verticles would take turns.
   */
  @RegisterExtension
  static final TestService WITHOUT_REDIS = TestService.another(new JsonObject()
      .put("REDIS_URL", "redis://127.0.0.1:" + TestApp.freePorts(1)[0]).put("EMBEDDED", "false")
      .put("HTTP_INSTANCES", 1).put("COUPON_INSTANCES", 1));

  @Fixture private static Api api;

  @Test
  @DisplayName("GET /health/live answers 200 {\"status\": \"up\"} without credentials")
  void live() {
    Api.Response response = api.get("/health/live", Api.NONE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("status", "up"));
  }

  @Test
  @DisplayName("GET /health/ready answers 200 with PostgreSQL and Redis up, without credentials")
  void ready() {
    Api.Response response = api.get("/health/ready", Api.NONE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("status", "up")
        .put("checks", new JsonObject().put("postgres", "up").put("redis", "up")));
  }

  @Test
  @DisplayName("GET /health/ready answers 503 naming redis when Redis does not answer, while live stays 200")
  void notReadyWithoutRedis() {
    Api.Response response = WITHOUT_REDIS.api().get("/health/ready", Api.NONE);

    assertThat(response.status()).isEqualTo(503);
    JsonObject body = response.json();
    assertThat(body.getString("error")).isEqualTo("not_ready");
    assertThat(body.getString("message")).isEqualTo("Not ready: redis is down");
    assertThat(body.getJsonArray("down")).isEqualTo(new JsonArray().add("redis"));
    assertThat(body.getJsonObject("checks")).isEqualTo(new JsonObject().put("postgres", "up").put("redis", "down"));
    assertThat(WITHOUT_REDIS.api().get("/health/live", Api.NONE).status()).isEqualTo(200);
  }
}
