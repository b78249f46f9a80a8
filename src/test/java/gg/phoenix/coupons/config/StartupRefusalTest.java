package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.MainVerticle;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole service refuses to start on a bad configuration value, saying which key in one line, and serves nothing. */
@ExtendWith(VertxExtension.class)
class StartupRefusalTest {

  @Test
  @DisplayName("CACHE_ENABLED=maybe stops start-up with one line naming the key; no verticle stays deployed")
  void badServiceKey(Vertx vertx) throws Exception {
    assertThat(refusal(vertx, new JsonObject().put("CACHE_ENABLED", "maybe")))
        .isEqualTo("Configuration key CACHE_ENABLED must be true or false (or yes/no, 1/0), got 'maybe'");
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  @DisplayName("DEMO=sometimes stops start-up with one line naming the key; no verticle stays deployed")
  void badDeployKey(Vertx vertx) throws Exception {
    assertThat(refusal(vertx, new JsonObject().put("DEMO", "sometimes")))
        .isEqualTo("Configuration key DEMO must be true or false (or yes/no, 1/0), got 'sometimes'");
    assertThat(vertx.deploymentIDs()).isEmpty();
  }

  @Test
  @DisplayName("PG_POOL_SIZE=lots stops start-up with one line naming the key")
  void badNumber(Vertx vertx) throws Exception {
    assertThat(refusal(vertx, new JsonObject().put("PG_POOL_SIZE", "lots")))
        .isEqualTo("Configuration key PG_POOL_SIZE must be a whole number from 1 to 1000, got 'lots'");
  }

  /** The message the deployment fails with, checked to be one line. */
  private static String refusal(Vertx vertx, JsonObject bad) throws Exception {
    JsonObject config = TestBackends.get().serviceConfig(TestApp.freePort()).mergeIn(bad);
    Future<String> deployed = vertx.deployVerticle(new MainVerticle(), new DeploymentOptions().setConfig(config));
    Throwable failure = deployed.transform(Future::succeededFuture).await(60, TimeUnit.SECONDS).cause();
    assertThat(failure).as("start-up should have been refused").isNotNull();
    assertThat(failure.getMessage()).doesNotContain("\n");
    return failure.getMessage();
  }
}
