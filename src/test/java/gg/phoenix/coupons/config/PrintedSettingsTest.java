package gg.phoenix.coupons.config;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PrintedSettingsTest {

  private static final String TOKEN = "admin-token-that-must-not-be-printed-0123456789";
  private static final String KEYSET = "{\"primaryKeyId\":1,\"key\":[{\"keyData\":{\"value\":\"keyset-material-never-printed\"}}]}";

  @Test
  @DisplayName("the settings printed whole say the admin token and the keyset are set, and show neither")
  void secretsLeftOut() throws Exception {
    ServiceConfig config = ServiceConfig.from(TestApp.config(new JsonObject()
        .put("ADMIN_TOKEN", TOKEN).put("SECRETS_KEYSET", KEYSET)));

    assertThat(config.auth().adminToken()).isEqualTo(TOKEN);
    assertThat(config.toString())
        .doesNotContain(TOKEN).doesNotContain("keyset-material-never-printed")
        .contains("adminToken=(set)").contains("keysetJson=(set)");
  }

  @Test
  @DisplayName("the settings printed whole show neither the PostgreSQL password nor the login in a Redis URL")
  void connectionLoginsLeftOut() throws Exception {
    ServiceConfig config = ServiceConfig.from(TestApp.config(new JsonObject()
        .put("PG_PASSWORD", "pg-password-never-printed")
        .put("REDIS_TYPE", "cluster")
        .put("REDIS_URL", "redis://cache-a:6379, redis://coupons:redis-password@never-printed@cache-b:6379/0")));

    assertThat(config.postgres().password()).isEqualTo("pg-password-never-printed");
    assertThat(config.toString())
        .doesNotContain("pg-password-never-printed").doesNotContain("redis-password").doesNotContain("never-printed")
        .contains("password=(set)").contains("redis://cache-a:6379").contains("redis://(login)@cache-b:6379/0");
  }

  @Test
  @DisplayName("the settings the verticles get keep every group but the keyset's text")
  void withoutKeysetKeepsTheRest() throws Exception {
    ServiceConfig config = ServiceConfig.from(TestApp.config(new JsonObject().put("SECRETS_KEYSET", KEYSET)));

    ServiceConfig forVerticles = config.withoutKeyset();

    assertThat(forVerticles.secrets().keysetJson()).isEmpty();
    assertThat(forVerticles).usingRecursiveComparison().ignoringFields("secrets").isEqualTo(config);
  }
}
