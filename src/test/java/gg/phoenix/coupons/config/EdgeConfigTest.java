package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The configuration keys of the ops listener, the tenant budget and the admin throttle: defaults, and bad values named. */
class EdgeConfigTest {

  private JsonObject defaults;

  @BeforeEach
  void defaults() throws Exception {
    defaults = new JsonObject(Files.readString(Path.of("conf/config.json")));
  }

  @Test
  @DisplayName("the defaults: ops listener on 127.0.0.1:9090, no trusted proxy, budgets far above one instance's throughput")
  void defaultValues() {
    ServiceConfig.Edge edge = ServiceConfig.from(defaults).edge();

    assertThat(edge.opsHost()).isEqualTo("127.0.0.1");
    assertThat(edge.opsPort()).isEqualTo(9090);
    assertThat(edge.trustedProxies()).isEmpty();
    assertThat(edge.tenantRateLimit()).isEqualTo(100_000);
    assertThat(edge.tenantRateBurst()).isEqualTo(200_000);
    assertThat(edge.adminFailureLimit()).isEqualTo(10);
    assertThat(edge.adminFailureWindowSeconds()).isEqualTo(300);
  }

  @Test
  @DisplayName("a bad value stops start-up with one line naming its key")
  void badValuesNamed() {
    assertNamed(defaults.copy().put("OPS_PORT", 8080).put("HTTP_PORT", 8080), "OPS_PORT");
    assertNamed(defaults.copy().put("OPS_PORT", "nine"), "OPS_PORT");
    assertNamed(defaults.copy().put("OPS_HOST", ""), "OPS_HOST");
    assertNamed(defaults.copy().put("TENANT_RATE_LIMIT", 0), "TENANT_RATE_LIMIT");
    assertNamed(defaults.copy().put("TENANT_RATE_BURST", "-1"), "TENANT_RATE_BURST");
    assertNamed(defaults.copy().put("ADMIN_FAILURE_LIMIT", 0), "ADMIN_FAILURE_LIMIT");
    assertNamed(defaults.copy().put("ADMIN_FAILURE_WINDOW_SECONDS", "1h"), "ADMIN_FAILURE_WINDOW_SECONDS");
  }

  @Test
  @DisplayName("PROFILE=prod refuses an ADMIN_TOKEN of 1 to 31 characters; 32, an empty one (admin API off) and any under dev are accepted")
  void adminTokenLength() {
    assertThatThrownBy(() -> DeployConfig.from(defaults.copy().put("PROFILE", "prod").put("ADMIN_TOKEN", "x".repeat(31))))
        .hasMessage("Configuration key ADMIN_TOKEN must be at least 32 characters under PROFILE=prod (it has 31; empty turns the admin API off)");
    assertThat(DeployConfig.from(defaults.copy().put("PROFILE", "prod").put("ADMIN_TOKEN", "x".repeat(32))).production()).isTrue();
    assertThat(DeployConfig.from(defaults.copy().put("PROFILE", "prod").put("ADMIN_TOKEN", "")).production()).isTrue();
    assertThat(DeployConfig.from(defaults.copy().put("PROFILE", "dev").put("ADMIN_TOKEN", "short")).production()).isFalse();
  }

  @Test
  @DisplayName("PROFILE=prod refuses DEMO (the demo prints a tenant's secret to standard output and creates a public code); dev accepts it")
  void demoRefusedInProd() {
    for (Object demo : new Object[] {true, "true", "1", "yes"}) {
      assertThatThrownBy(() -> DeployConfig.from(defaults.copy().put("PROFILE", "prod").put("DEMO", demo))).as(String.valueOf(demo))
          .hasMessageStartingWith("Configuration key DEMO (--demo) is refused under PROFILE=prod");
    }
    assertThat(DeployConfig.from(defaults.copy().put("PROFILE", "prod").put("DEMO", false)).demo()).isFalse();
    assertThat(DeployConfig.from(defaults.copy().put("PROFILE", "dev").put("DEMO", true)).demo()).isTrue();
  }

  private static void assertNamed(JsonObject config, String key) {
    assertThatThrownBy(() -> ServiceConfig.from(config)).as(key)
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Configuration key " + key);
  }
}
