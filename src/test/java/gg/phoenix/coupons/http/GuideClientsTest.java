package gg.phoenix.coupons.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The guide's example clients, unmodified, against the server: its JavaScript (fetch, and jsonwebtoken for
 * createTenantJWT) under node, and its Python (requests + hmac) under python3. The scripts live in
 * src/test/resources/guide; only their constants come from the environment. Missing node, npm, python3 or
 * requests fails these tests: the guide's promise that its examples work is not optional.
 */
@ExtendWith(TestService.class)
class GuideClientsTest {

  /** Where the clients run and where jsonwebtoken is installed (npm install --prefix). */
  static final Path WORK = Path.of("target", "guide-clients");
  static final String JSONWEBTOKEN = "jsonwebtoken@9.0.3";
  private static final String CODE = "WELCOME8X4F2K9P";
  private static final long TIMEOUT_SECONDS = 120;

  @Fixture private static Api api;

  @Fixture private TenantFixture t;

  record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  @BeforeAll
  static void copyClients(Vertx vertx) throws Exception {
    Files.createDirectories(WORK);
    for (String script : List.of("guide-client.mjs", "guide_client.py")) {
      try (InputStream in = GuideClientsTest.class.getResourceAsStream("/guide/" + script)) {
        Files.copy(in, WORK.resolve(script), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Test
  @DisplayName("the guide's code in the client scripts is the guide's text, byte for byte, every function included")
  void scriptsAreTheGuides() throws IOException {
    String guide = resource("coupon-redemption-guide.txt");
    List<String> js = guideRegions(resource("guide-client.mjs"), "// ");
    List<String> py = guideRegions(resource("guide_client.py"), "# ");

    assertThat(js).isNotEmpty().allSatisfy(region -> assertThat(guide).contains(region));
    assertThat(py).isNotEmpty().allSatisfy(region -> assertThat(guide).contains(region));
    assertThat(String.join("\n", js)).contains("function createTenantJWT(", "async function getUserCoupons()",
        "async function validateCoupon(code)", "async function redeemCoupon(code)", "// Usage");
    assertThat(String.join("\n", py)).contains("def generate_signature(", "def get_user_coupons(",
        "def redeem_coupon(", "# Usage");
  }

  @Test
  @DisplayName("the guide's JavaScript client validates then redeems WELCOME8X4F2K9P for user_123 with its jsonwebtoken HS256 token")
  void javascriptClient() throws Exception {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", CODE);

    Run run = node();

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stderr()).as(run.toString()).doesNotContain("Coupon error");
    assertThat(run.stdout()).as(run.toString())
        .contains("Coupon is valid: 100 Bonus Points\n")
        .contains("Redeemed! Reward: {")
        .contains("item_id: '" + t.item + "'")
        .contains("name: '100 Bonus Points'");
    JsonObject listed = userCoupons(run);
    assertThat(listed.getInteger("total")).isEqualTo(1);
    assertThat(listed.getJsonArray("coupons").getJsonObject(0).getString("status")).isEqualTo("redeemed");
    assertThat(t.state(coupon)).extracting("status", "redemptionCount", "redemptions").containsExactly("redeemed", 1, 1L);
    assertThat(Seed.scalar("SELECT user_id FROM redemptions WHERE coupon_id = ?", coupon.id())).isEqualTo("user_123");
  }

  @Test
  @DisplayName("run a second time, the guide's JavaScript client reports 'Coupon error: Coupon has already been used'")
  void javascriptClientTwice() throws Exception {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", CODE);
    assertThat(node().exit()).isZero();

    Run second = node();

    assertThat(second.exit()).as(second.toString()).isZero();
    assertThat(second.stderr()).as(second.toString()).contains("Coupon error: Coupon has already been used");
    assertThat(second.stdout()).doesNotContain("Redeemed!");
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @Test
  @DisplayName("the guide's Python client lists user_123's coupons and redeems the first with HMAC")
  void pythonClient() throws Exception {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", CODE);

    Run run = python();

    assertThat(run.exit()).as(run.toString()).isZero();
    assertThat(run.stdout()).isEqualTo("User has 1 coupons\nRedeemed: 100 Bonus Points\n");
    assertThat(t.state(coupon)).extracting("status", "redemptionCount", "redemptions").containsExactly("redeemed", 1, 1L);
    assertThat(Seed.scalar("SELECT user_id FROM redemptions WHERE coupon_id = ?", coupon.id())).isEqualTo("user_123");
  }

  @Test
  @DisplayName("run a second time, the guide's Python client fails on raise_for_status with the 400 of a used coupon")
  void pythonClientTwice() throws Exception {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", CODE);
    assertThat(python().exit()).isZero();
    // The script signs with the current second: run again within the same one, its redeem would be the very same
    // signed request, which the service accepts once (401 replayed_request). A second run is a second later.
    nextSecond();

    Run second = python();

    assertThat(second.exit()).as(second.toString()).isNotZero();
    assertThat(second.stdout()).isEqualTo("User has 1 coupons\n");
    assertThat(second.stderr()).contains("400 Client Error");
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  private static void nextSecond() throws InterruptedException {
    Thread.sleep(1000 - System.currentTimeMillis() % 1000 + 10);
  }

  private Map<String, String> constants() {
    return Map.of("QUERY_API_URL", api.base(), "TENANT_ID", t.id(), "TENANT_SECRET", t.tenant.secret());
  }

  private Run node() throws Exception {
    requireNode();
    return run(List.of("node", "guide-client.mjs"), constants());
  }

  private Run python() throws Exception {
    Run check = tool("python3", "-c", "import requests");
    if (check.exit() != 0) {
      fail("The guide's Python client needs the requests package: python3 -c 'import requests' failed "
          + "(install python3-requests or pip install requests)\n" + check);
    }
    return run(List.of("python3", "guide_client.py"), constants());
  }

  /** node 18+ (global fetch), and jsonwebtoken installed under WORK once per checkout. */
  private static synchronized void requireNode() throws Exception {
    Run version = tool("node", "--version");
    if (version.exit() != 0 || !version.stdout().matches("(?s)v(1[89]|[2-9]\\d)\\..*")) {
      fail("The guide's JavaScript client needs Node.js 18 or newer (global fetch), found: " + version);
    }
    if (!Files.exists(WORK.resolve("node_modules/jsonwebtoken/package.json"))) {
      Run install = tool("npm", "install", "--prefix", WORK.toAbsolutePath().toString(), "--no-audit", "--no-fund", "--loglevel=error", JSONWEBTOKEN);
      if (install.exit() != 0 || !Files.exists(WORK.resolve("node_modules/jsonwebtoken/package.json"))) {
        fail("Could not install " + JSONWEBTOKEN + " for the guide's JavaScript client: run "
            + "npm install --prefix " + WORK + " " + JSONWEBTOKEN + "\n" + install);
      }
    }
  }

  /** Runs a tool that may be missing: a missing one is a failed run whose stderr says so, never a skip. */
  private static Run tool(String... command) throws Exception {
    try {
      return run(List.of(command), Map.of());
    } catch (IOException notInstalled) {
      fail(command[0] + " is not installed or not on PATH; the guide's example clients need it: " + notInstalled.getMessage());
      return null;
    }
  }

  private static Run run(List<String> command, Map<String, String> env) throws Exception {
    Path out = Files.createTempFile("guide-client", ".out");
    Path err = Files.createTempFile("guide-client", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      builder.environment().putAll(env);
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  private static JsonObject userCoupons(Run run) {
    return run.stdout().lines().filter(line -> line.startsWith("USER_COUPONS "))
        .map(line -> new JsonObject(line.substring("USER_COUPONS ".length())))
        .findFirst().orElseThrow(() -> new AssertionError("no USER_COUPONS line in\n" + run));
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = GuideClientsTest.class.getResourceAsStream("/guide/" + name)) {
      assertThat(in).as("test resource guide/" + name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The texts between ">>> guide" and "<<< guide" comment lines. */
  private static List<String> guideRegions(String script, String comment) {
    List<String> regions = new ArrayList<>();
    List<String> current = null;
    for (String line : script.split("\n", -1)) {
      if (line.startsWith(comment + ">>> guide")) {
        current = new ArrayList<>();
      } else if (line.startsWith(comment + "<<< guide")) {
        regions.add(String.join("\n", current));
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    assertThat(current).as("an unclosed >>> guide region").isNull();
    return regions;
  }
}
