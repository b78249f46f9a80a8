package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class JobSettingsTest {

  @Test
  @DisplayName("the bulk lane's defaults: 2 connections, 1 job per tenant, heartbeat 5 s, takeover after 30 s, poll every second, chunks of 500 codes at 10% duty")
  void defaults() throws Exception {
    assertThat(ServiceConfig.from(TestApp.config(new JsonObject())).jobs())
        .isEqualTo(new ServiceConfig.Jobs(2, 1, 5000, 30_000, 1000, 500, 10));
  }

  @Test
  @DisplayName("environment values arrive as text and are read as numbers")
  void fromText() throws Exception {
    assertThat(ServiceConfig.from(TestApp.config(new JsonObject().put("BULK_POOL_SIZE", "4").put("JOBS_PER_TENANT", "3"))).jobs())
        .isEqualTo(new ServiceConfig.Jobs(4, 3, 5000, 30_000, 1000, 500, 10));
  }

  @Test
  @DisplayName("JOB_TAKEOVER_MS below twice JOB_HEARTBEAT_MS, a zero BULK_POOL_SIZE, JOBS_PER_TENANT or JOB_DUTY_PERCENT, or a JOB_CHUNK_SIZE out of range stop start-up naming the key")
  void refused() {
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject().put("JOB_HEARTBEAT_MS", 5000).put("JOB_TAKEOVER_MS", 9000))))
        .hasMessage("Configuration key JOB_TAKEOVER_MS must be at least twice JOB_HEARTBEAT_MS (5000)");
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject().put("BULK_POOL_SIZE", 0))))
        .hasMessageContaining("Configuration key BULK_POOL_SIZE must be a whole number from 1 to 100");
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject().put("JOBS_PER_TENANT", "all"))))
        .hasMessageContaining("Configuration key JOBS_PER_TENANT must be a whole number from 1 to 100");
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject().put("JOB_DUTY_PERCENT", 0))))
        .hasMessageContaining("Configuration key JOB_DUTY_PERCENT must be a whole number from 1 to 100");
    assertThatThrownBy(() -> ServiceConfig.from(TestApp.config(new JsonObject().put("JOB_CHUNK_SIZE", 50_001))))
        .hasMessageContaining("Configuration key JOB_CHUNK_SIZE must be a whole number from 100 to 50000");
  }
}
