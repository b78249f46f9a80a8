package gg.phoenix.coupons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HealthTest {

  private static Api api;
  private static Api withoutRedis;
  /** The second service gets a Vert.x of its own: on a shared event bus the two health verticles would take turns. */
  private static Vertx otherVertx;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    api = TestApp.start(vertx);
    // A second service whose Redis is a port nobody listens on (EMBEDDED=auto would start one there instead).
    otherVertx = Vertx.vertx();
    withoutRedis = TestApp.start(otherVertx, new JsonObject()
        .put("REDIS_URL", "redis://127.0.0.1:" + TestApp.freePort()).put("EMBEDDED", "false")
        .put("HTTP_INSTANCES", 1).put("COUPON_INSTANCES", 1));
  }

  @AfterAll
  static void closeOther() throws Exception {
    otherVertx.close().await(30, TimeUnit.SECONDS);
  }

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
    Api.Response response = withoutRedis.get("/health/ready", Api.NONE);

    assertThat(response.status()).isEqualTo(503);
    JsonObject body = response.json();
    assertThat(body.getString("error")).isEqualTo("not_ready");
    assertThat(body.getString("message")).isEqualTo("Not ready: redis is down");
    assertThat(body.getJsonArray("down")).isEqualTo(new JsonArray().add("redis"));
    assertThat(body.getJsonObject("checks")).isEqualTo(new JsonObject().put("postgres", "up").put("redis", "down"));
    assertThat(withoutRedis.get("/health/live", Api.NONE).status()).isEqualTo(200);
  }
}
