package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookSettingsTest {

  @Test
  @DisplayName("WEBHOOK_ALLOW_PRIVATE_TARGETS=true under PROFILE=prod stops start-up with one line naming the key")
  void privateTargetsRefusedInProd() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      JsonObject config = new JsonObject().put("PROFILE", "prod").put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true");
      assertThatThrownBy(() -> TestApp.start(vertx, config))
          .hasMessageContaining("WEBHOOK_ALLOW_PRIVATE_TARGETS")
          .hasMessageContaining("PROFILE=prod")
          .hasMessageNotContaining("\n");
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("private targets stay allowed outside prod, and prod starts with them refused")
  void otherwiseAccepted() throws Exception {
    assertThat(ServiceConfig.from(TestApp.config(new JsonObject().put("PROFILE", "dev").put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "true")))
        .events().webhookAllowPrivateTargets()).isTrue();
    assertThat(ServiceConfig.from(TestApp.config(new JsonObject().put("PROFILE", "prod").put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "false")))
        .events().webhookAllowPrivateTargets()).isFalse();
  }

  @Test
  @DisplayName("WEBHOOK_TENANT_CONCURRENCY above WEBHOOK_CONCURRENCY, or not a number, stops start-up naming the key")
  void tenantConcurrency() throws Exception {
    assertThat(ServiceConfig.from(TestApp.config(new JsonObject())).events().webhookTenantConcurrency()).isEqualTo(8);
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject()
        .put("WEBHOOK_CONCURRENCY", 4).put("WEBHOOK_TENANT_CONCURRENCY", 5))))
        .hasMessage("Configuration key WEBHOOK_TENANT_CONCURRENCY must not be above WEBHOOK_CONCURRENCY");
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject().put("WEBHOOK_TENANT_CONCURRENCY", "many"))))
        .hasMessageContaining("Configuration key WEBHOOK_TENANT_CONCURRENCY must be a whole number");
  }
}
