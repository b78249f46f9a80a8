package gg.phoenix.coupons;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.secrets.KeysetSource;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.StandardOutput;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * EMBEDDED=true with DEMO=true and no keyset configured: PostgreSQL and Redis inside the process, a local keyset
 * under EMBEDDED_DATA_DIR, demo data written once, and the demo sheet as a newcomer reads it on standard output.
 */
class EmbeddedModeTest {

  private static final Pattern LOG_LINE = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} ");
  private static final Pattern URL = Pattern.compile("https?://[^\\s'\"]+");

  private static Vertx vertx;
  private static Api api;
  private static Path dataDir;
  private static int pgPort;
  /** Everything the process wrote to standard output while starting: the log lines and the demo sheet. */
  private static String output;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createTempDirectory("coupon-embedded");
    pgPort = TestApp.freePort();
    vertx = Vertx.vertx();
    StandardOutput.Captured<Api> started = StandardOutput.capture(() -> TestApp.start(vertx, embedded().put("DEMO", true)));
    api = started.value();
    output = started.printed();
  }

  private static JsonObject embedded() throws Exception {
    return new JsonObject().put("EMBEDDED", "true").put("EMBEDDED_DATA_DIR", dataDir.toString())
        .put("EMBEDDED_PG_PORT", pgPort).put("EMBEDDED_REDIS_PORT", TestApp.freePort())
        .put("HTTP_INSTANCES", 1).put("COUPON_INSTANCES", 1).put("SECRETS_KEYSET", "");
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(60, TimeUnit.SECONDS);
  }

  /** The value printed after {@code label} on the demo sheet, up to the next space. */
  private static String printed(String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s*(\\S+)").matcher(output);
    assertThat(m.find()).as(label + " in the demo sheet").isTrue();
    return m.group(1);
  }

  private static JsonObject claims(String token) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8));
  }

  private static int occurrences(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  @Test
  @DisplayName("with EMBEDDED=true the service is ready on its own PostgreSQL and Redis, with data under EMBEDDED_DATA_DIR/pg")
  void ready() {
    Api.Response response = api.get("/health/ready", Api.NONE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(dataDir.resolve("pg").resolve("PG_VERSION")).exists();
  }

  @Test
  @DisplayName("the printed token's player, user_123, lists the demo coupon and redeems it and the public code")
  void demoCouponRedeems() {
    Api.Auth auth = bearer(printed("TOKEN="));

    JsonObject list = api.get("/v1/coupons/demo-studio/user/user_123", auth).json();
    assertThat(list.getInteger("total")).isEqualTo(1);
    String code = list.getJsonArray("coupons").getJsonObject(0).getString("code");
    Api.Response redeemed = api.post("/v1/coupons/demo-studio/redeem/" + code, new JsonObject().put("user_id", "user_123"), auth);

    assertThat(redeemed.status()).isEqualTo(200);
    assertThat(redeemed.json().getJsonObject("reward_item").getString("name")).isEqualTo("100 Bonus Points");
    Api.Response publicCode = api.post("/v1/coupons/demo-studio/redeem/launchdemo", new JsonObject().put("user_id", "user_123"), auth);
    assertThat(publicCode.status()).isEqualTo(200);
    assertThat(publicCode.json().getString("code")).isEqualTo("LAUNCHDEMO");
  }

  @Test
  @DisplayName("the printed token carries sub user_123, lives one hour, and cannot act for another player")
  void tokenIsThePlayers() {
    String token = printed("TOKEN=");
    JsonObject claims = claims(token);

    assertThat(claims.getString("sub")).isEqualTo("user_123");
    assertThat(claims.getString("sub_id")).isEqualTo("demo-studio");
    assertThat(claims.getLong("exp") - claims.getLong("iat")).isEqualTo(3600);
    assertThat(api.get("/v1/coupons/demo-studio/user/player_42", bearer(token)).status()).isEqualTo(403);
    assertThat(api.post("/v1/coupons/demo-studio/redeem/LAUNCHDEMO", new JsonObject().put("user_id", "player_42"), bearer(token))
        .status()).isEqualTo(403);
  }

  @Test
  @DisplayName("the demo secret is stored sealed with the local keyset, printed once, and neither it nor the token is in a log line or before a URL's fragment")
  void secretStaysOutOfUrlsAndLogs() throws Exception {
    String secret = printed("Tenant secret:");
    String token = printed("TOKEN=");
    byte[] sealed;
    try (Connection conn = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT secret_enc FROM " + TestBackends.get().schema + ".tenants WHERE id = 'demo-studio'")) {
      assertThat(rs.next()).isTrue();
      sealed = rs.getBytes(1);
    }
    Path keyset = dataDir.resolve(KeysetSource.LOCAL_FILE_NAME);

    assertThat(TestBackends.box(Files.readString(keyset)).open(sealed, SealedColumn.TENANT_SECRET, "demo-studio")).isEqualTo(secret);
    assertThat(output).contains("No SECRETS_KEYSET: tenant secrets are sealed with the local keyset " + keyset.toAbsolutePath());
    assertThat(occurrences(output, secret)).isEqualTo(1);
    List<String> urls = URL.matcher(output).results().map(java.util.regex.MatchResult::group).toList();
    assertThat(urls).anyMatch(url -> url.endsWith("/demo/#token=" + token));
    for (String url : urls) {
      String beforeFragment = url.split("#", 2)[0];
      assertThat(beforeFragment).doesNotContain(token).doesNotContain(secret);
    }
    output.lines().filter(line -> LOG_LINE.matcher(line).find())
        .forEach(line -> assertThat(line).doesNotContain(secret).doesNotContain(token));
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
