package gg.phoenix.coupons.ops;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** EMBEDDED=true with DEMO=true: PostgreSQL and Redis inside the process, demo data written once. */
class EmbeddedModeTest {

  private static Vertx vertx;
  private static Api api;
  private static Path dataDir;
  private static int pgPort;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("coupon-embedded");
    pgPort = TestApp.freePort();
    vertx = Vertx.vertx();
    api = TestApp.start(vertx, embedded().put("DEMO", true));
  }

  private static JsonObject embedded() throws Exception {
    return new JsonObject().put("EMBEDDED", "true").put("EMBEDDED_DATA_DIR", dataDir.toString())
        .put("EMBEDDED_PG_PORT", pgPort).put("EMBEDDED_REDIS_PORT", TestApp.freePort())
        .put("HTTP_INSTANCES", 1).put("COUPON_INSTANCES", 1);
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("with EMBEDDED=true the service is ready on its own PostgreSQL and Redis, with data under EMBEDDED_DATA_DIR/pg")
  void ready() {
    Api.Response response = api.get("/health/ready", Api.NONE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(dataDir.resolve("pg").resolve("PG_VERSION")).exists();
  }

  @Test
  @DisplayName("the demo tenant's coupon for user_123 is listed and redeems with the 100 Bonus Points reward")
  void demoCouponRedeems() throws Exception {
    String secret;
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT secret FROM " + gg.phoenix.coupons.support.TestBackends.get().schema
             + ".tenants WHERE id = 'demo-studio'")) {
      assertThat(rs.next()).isTrue();
      secret = rs.getString(1);
    }
    Api.Auth auth = bearer(tenantJwt("demo-studio", secret, null, 600));

    JsonObject list = api.get("/v1/coupons/demo-studio/user/user_123", auth).json();
    assertThat(list.getInteger("total")).isEqualTo(1);
    String code = list.getJsonArray("coupons").getJsonObject(0).getString("code");
    Api.Response redeemed = api.post("/v1/coupons/demo-studio/redeem/" + code, new JsonObject().put("user_id", "user_123"), auth);

    assertThat(redeemed.status()).isEqualTo(200);
    assertThat(redeemed.json().getJsonObject("reward_item").getString("name")).isEqualTo("100 Bonus Points");
    Api.Response publicCode = api.post("/v1/coupons/demo-studio/redeem/launchdemo", new JsonObject().put("user_id", "player_42"), auth);
    assertThat(publicCode.status()).isEqualTo(200);
    assertThat(publicCode.json().getString("code")).isEqualTo("LAUNCHDEMO");
  }

  @Test
  @DisplayName("PROFILE=prod refuses to start embedded back-ends, naming what to configure")
  void prodRefuses() throws Exception {
    Vertx other = Vertx.vertx();
    try {
      JsonObject config = embedded().put("PROFILE", "prod").put("EMBEDDED_DATA_DIR", dataDir.resolve("never").toString());
      assertThatThrownBy(() -> TestApp.start(other, config))
          .hasMessageContaining("PROFILE=prod refuses to start an embedded PostgreSQL")
          .hasMessageContaining("PG_HOST");
      assertThat(dataDir.resolve("never")).doesNotExist();
    } finally {
      other.close().await(30, TimeUnit.SECONDS);
    }
  }
}
