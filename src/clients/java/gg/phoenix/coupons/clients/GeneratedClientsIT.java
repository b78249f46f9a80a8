package gg.phoenix.coupons.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import gg.phoenix.coupons.client.ApiClient;
import gg.phoenix.coupons.client.api.ManagementApi;
import gg.phoenix.coupons.client.model.Coupon;
import gg.phoenix.coupons.client.model.CouponRequest;
import gg.phoenix.coupons.client.model.ErrorBody;
import gg.phoenix.coupons.client.model.Generation;
import gg.phoenix.coupons.client.model.RedeemedCoupon;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The clients generated from openapi.yaml (the pom's clients profile writes them into target/clients) work
 * unmodified against the service: the guide's flow as docs/clients.md shows it, in Java (okhttp-gson), Python and
 * TypeScript (fetch), each with the signing hook the document describes for its HMAC-signed management call.
 * A missing python3 (with pydantic 2, urllib3, python-dateutil), node or npm fails these tests, never skips them.
 */
class GeneratedClientsIT {

  private static final Path CLIENTS = Path.of("target", "clients");
  private static final Path SOURCES = Path.of("src", "clients");
  private static final String TYPESCRIPT = "typescript@5.9.3";
  private static final String REDOCLY = "@redocly/cli@2.77.0";
  private static final String CODE = "WELCOME8X4F2K9P";
  private static final long TIMEOUT_SECONDS = 180;

  private static Vertx vertx;
  private static String baseUrl;

  private TenantFixture t;
  private TenantFixture.Coupon coupon;
  private String playerJwt;

  record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }

    JsonObject outcome() {
      return stdout.lines().filter(line -> line.startsWith("OUTCOME ")).map(line -> new JsonObject(line.substring(8)))
          .findFirst().orElseThrow(() -> new AssertionError("no OUTCOME line in\n" + this));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    baseUrl = TestApp.start(vertx).base();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @BeforeEach
  void seed() {
    t = new TenantFixture();
    coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", CODE);
    playerJwt = Credentials.tenantJwt(t.id(), t.tenant.secret(), "user_123", 3600);
  }

  @Test
  @DisplayName("Java (okhttp-gson): the guide's flow, the second redeem's 400 as a typed ErrorBody, and coupons made through the HmacSigner interceptor")
  void java() throws Exception {
    JavaGuideFlow.Outcome o = JavaGuideFlow.run(baseUrl, t.id(), playerJwt, t.tenant.secret(), coupon.definitionId());

    assertThat(o.definitions().getDefinitions()).singleElement()
        .satisfies(d -> assertThat(d.getConfig().getRewardItemId()).isEqualTo(t.item));
    assertThat(o.coupons().getTotal()).isEqualTo(1);
    assertThat(o.coupon().getId()).isEqualTo(coupon.id());
    assertThat(o.check().getValid()).isTrue();
    assertThat(o.check().getCoupon().getCode()).isEqualTo(CODE);
    assertThat(o.redeemed().getStatus()).isEqualTo(RedeemedCoupon.StatusEnum.REDEEMED);
    assertThat(o.redeemed().getRedemptionId()).isNotNull();
    assertThat(o.history().getTotal()).isEqualTo(1);
    assertThat(o.secondRedeem()).isEqualTo(new ErrorBody().error("coupon_already_redeemed").message("Coupon has already been redeemed"));
    assertThat(o.made().getCoupons()).extracting(Coupon::getUserId).containsExactly("user_456");
    assertThat(o.made().getJobId()).isNull();
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @Test
  @DisplayName("Java (okhttp-gson): a count-only request sends no user_ids (201), and over 1,000 codes the 202 job answer reads as the same Generation type")
  void javaGenerationAnswers() throws Exception {
    ApiClient server = new ApiClient(new OkHttpClient.Builder().addInterceptor(new HmacSigner(t.id(), t.tenant.secret())).build())
        .setBasePath(baseUrl);
    ManagementApi management = new ManagementApi(server);

    Generation few = management.generateCoupons(t.id(), coupon.definitionId(), new CouponRequest().count(3), null);
    Generation many = management.generateCoupons(t.id(), coupon.definitionId(), new CouponRequest().count(1001), null);

    assertThat(few.getCoupons()).hasSize(3).allSatisfy(c -> assertThat(c.getUserId()).isNull());
    assertThat(few.getTotal()).isEqualTo(3);
    assertThat(many.getCoupons()).isNullOrEmpty();
    assertThat(many.getJobId()).isNotNull();
    assertThat(many.getStatusUrl()).isEqualTo("/v1/coupons/" + t.id() + "/jobs/" + many.getJobId());
  }

  @Test
  @DisplayName("Java (native): validate, redeem, the second redeem's 400 as an ErrorBody, and a signed 1,001-code request's 202 read as Generation through NativeHmacSigner")
  void javaNative() throws Exception {
    URI base = URI.create(baseUrl);

    NativeGuideFlow.Outcome o = NativeGuideFlow.run(base.getHost(), base.getPort(), t.id(), playerJwt, t.tenant.secret(),
        coupon.definitionId(), CODE);

    assertThat(o.check().getValid()).isTrue();
    assertThat(o.redeemed().getStatus()).isEqualTo(gg.phoenix.coupons.jdkclient.model.RedeemedCoupon.StatusEnum.REDEEMED);
    assertThat(o.secondRedeem()).isEqualTo(new gg.phoenix.coupons.jdkclient.model.ErrorBody()
        .error("coupon_already_redeemed").message("Coupon has already been redeemed"));
    assertThat(o.job().getJobId()).isNotNull();
    assertThat(o.job().getStatusUrl()).isEqualTo("/v1/coupons/" + t.id() + "/jobs/" + o.job().getJobId());
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @Test
  @DisplayName("Python: the guide's flow, ids as UUIDs, the second redeem's 400 as a typed ErrorBody, and coupons made through HmacSigningApiClient")
  void python() throws Exception {
    Run check = run(List.of("python3", "-c", "import pydantic, urllib3, dateutil, typing_extensions; "
        + "assert pydantic.VERSION.startswith('2.'), pydantic.VERSION"), Map.of());
    if (check.exit() != 0) {
      fail("The generated Python client needs python3 with pydantic 2, urllib3, python-dateutil and typing-extensions\n" + check);
    }

    Run run = run(List.of("python3", SOURCES.resolve("python/run_guide_flow.py").toString()), Map.of(
        "PYTHONPATH", CLIENTS.resolve("python").toAbsolutePath() + ":" + SOURCES.resolve("python").toAbsolutePath()));

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonObject o = run.outcome();
    JsonObject definition = o.getJsonArray("definitions").getJsonObject(0);
    assertThat(definition.getString("config_type")).isEqualTo("DefinitionConfig");
    assertThat(definition.getJsonObject("config").getString("reward_item_id")).isEqualTo(t.item.toString());
    assertThat(o.getInteger("coupons_total")).isEqualTo(1);
    assertThat(o.getString("coupon_id")).isEqualTo(coupon.id().toString());
    assertThat(o.getString("coupon_id_type")).isEqualTo("UUID");
    assertThat(o.getBoolean("check_valid")).isTrue();
    assertThat(o.getString("redeemed_status")).isEqualTo("redeemed");
    assertThat(o.getInteger("history_total")).isEqualTo(1);
    assertThat(o.getString("second_redeem_type")).isEqualTo("ErrorBody");
    assertThat(o.getJsonObject("second_redeem"))
        .isEqualTo(new JsonObject().put("error", "coupon_already_redeemed").put("message", "Coupon has already been redeemed"));
    assertThat(o.getJsonArray("made_user_ids").getList()).containsExactly("user_456");
    assertThat(o.getString("other_player_error")).isEqualTo("Coupon is assigned to another user");
    assertThat(o.getJsonArray("repeated_totals").getList()).containsExactly(1, 1, 1);
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @Test
  @DisplayName("TypeScript (fetch): compiles with tsc --strict; the guide's flow, the second redeem's 400 as a typed ErrorBody, and coupons made through the hmacSigning middleware")
  void typescript() throws Exception {
    Path work = CLIENTS.resolve("typescript");
    requireNpmPackage(work, TYPESCRIPT, "typescript");
    try (Stream<Path> files = Files.list(SOURCES.resolve("typescript"))) {
      for (Path file : files.toList()) {
        Files.copy(file, work.resolve(file.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Run compiled = run(List.of(work.resolve("node_modules/.bin/tsc").toString(), "-p", work.resolve("tsconfig.json").toString()), Map.of());
    assertThat(compiled.exit()).as(compiled.toString()).isZero();

    Run run = run(List.of("node", work.resolve("out/run-guide-flow.js").toString()), Map.of());

    assertThat(run.exit()).as(run.toString()).isZero();
    JsonObject o = run.outcome();
    JsonObject definition = o.getJsonArray("definitions").getJsonObject(0);
    assertThat(definition.getString("reward_item_id")).isEqualTo(t.item.toString());
    assertThat(definition.getBoolean("created_at_is_date")).isTrue();
    assertThat(o.getInteger("coupons_total")).isEqualTo(1);
    assertThat(o.getString("coupon_id")).isEqualTo(coupon.id().toString());
    assertThat(o.getBoolean("check_valid")).isTrue();
    assertThat(o.getString("redeemed_status")).isEqualTo("redeemed");
    assertThat(o.getInteger("history_total")).isEqualTo(1);
    assertThat(o.getJsonObject("second_redeem"))
        .isEqualTo(new JsonObject().put("error", "coupon_already_redeemed").put("message", "Coupon has already been redeemed"));
    assertThat(o.getJsonArray("made_user_ids").getList()).containsExactly("user_456");
    assertThat(o.getJsonArray("repeated_totals").getList()).containsExactly(1, 1, 1);
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @Test
  @DisplayName("Java (okhttp-gson and native): the same write three times at once passes each time, each signed by the hook in a second of its own, never refused as a replay")
  void javaRepeatedWrites() throws Exception {
    ApiClient okhttp = new ApiClient(new OkHttpClient.Builder().addInterceptor(new HmacSigner(t.id(), t.tenant.secret())).build())
        .setBasePath(baseUrl);
    URI base = URI.create(baseUrl);
    gg.phoenix.coupons.jdkclient.ApiClient jdk = new gg.phoenix.coupons.jdkclient.ApiClient().setScheme("http")
        .setHost(base.getHost()).setPort(base.getPort()).setRequestInterceptor(new NativeHmacSigner(t.id(), t.tenant.secret()));
    List<Integer> totals = new ArrayList<>();

    for (int i = 0; i < 3; i++) {
      totals.add(new ManagementApi(okhttp).generateCoupons(t.id(), coupon.definitionId(), new CouponRequest().count(1), null).getTotal());
    }
    for (int i = 0; i < 3; i++) { // another body: the two hooks do not know each other's signatures
      totals.add(new gg.phoenix.coupons.jdkclient.api.ManagementApi(jdk).generateCoupons(t.id(), coupon.definitionId(),
          new gg.phoenix.coupons.jdkclient.model.CouponRequest().count(2), null).getTotal());
    }

    assertThat(totals).containsExactly(1, 1, 1, 2, 2, 2);
  }

  @Test
  @DisplayName("Redocly's recommended rules find no error in either document, and no warning but those docs/clients.md gives as deliberate")
  void redoclyLint() throws Exception {
    Path work = CLIENTS.resolve("redocly");
    requireNpmPackage(work, REDOCLY, "@redocly/cli");
    Path report = work.resolve("lint.json");
    List<String> problems = new ArrayList<>();
    for (String document : List.of("openapi.yaml", "openapi-admin.yaml")) {
      Run lint = run(List.of("bash", "-c", "\"$0\" lint \"$1\" --format=json > \"$2\"",
          work.resolve("node_modules/.bin/redocly").toString(), Path.of("src/main/resources", document).toString(),
          report.toString()), Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"));
      JsonObject result = new JsonObject(Files.readString(report));
      for (Object item : result.getJsonArray("problems")) {
        JsonObject problem = (JsonObject) item;
        String rule = problem.getString("ruleId");
        boolean deliberate = "warn".equals(problem.getString("severity"))
            && (rule.equals("info-license") || rule.equals("no-server-example.com") && document.equals("openapi.yaml"));
        if (!deliberate) {
          problems.add(document + ": " + problem.getString("severity") + " " + rule + " " + problem.getString("message"));
        }
      }
      assertThat(lint.exit()).as(document + "\n" + lint).isZero();
    }
    assertThat(problems).isEmpty();
  }

  @Test
  @DisplayName("docs/clients.md shows each signing hook and example exactly as the tests run them")
  void docsShowTheTestedCode() throws IOException {
    String docs = Files.readString(Path.of("docs", "clients.md"));
    List<Path> sources = List.of(
        SOURCES.resolve("java/gg/phoenix/coupons/clients/HmacSigner.java"),
        SOURCES.resolve("java/gg/phoenix/coupons/clients/JavaGuideFlow.java"),
        SOURCES.resolve("java/gg/phoenix/coupons/clients/NativeHmacSigner.java"),
        SOURCES.resolve("java/gg/phoenix/coupons/clients/NativeGuideFlow.java"),
        SOURCES.resolve("python/hmac_signing.py"), SOURCES.resolve("python/guide_flow.py"),
        SOURCES.resolve("typescript/hmac-signing.ts"), SOURCES.resolve("typescript/guide-flow.ts"));
    List<String> regions = new ArrayList<>();
    for (Path source : sources) {
      List<String> found = regions(Files.readString(source));
      assertThat(found).as(source + " has a region marked for clients.md").isNotEmpty();
      regions.addAll(found);
    }
    assertThat(regions).hasSize(8).allSatisfy(region -> assertThat(docs).contains(region));
  }

  /** The text between ">>> clients.md" and "<<< clients.md" comment lines, its common indentation removed. */
  static List<String> regions(String source) {
    List<String> regions = new ArrayList<>();
    List<String> current = null;
    for (String line : source.split("\n", -1)) {
      if (line.strip().matches("(//|#) >>> clients\\.md.*")) {
        current = new ArrayList<>();
      } else if (line.strip().matches("(//|#) <<< clients\\.md.*")) {
        regions.add(String.join("\n", current).stripIndent().stripTrailing());
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    assertThat(current).as("an unclosed >>> clients.md region").isNull();
    return regions;
  }

  private Map<String, String> guideEnv() {
    return Map.of("BASE_URL", baseUrl, "TENANT_ID", t.id(), "TENANT_SECRET", t.tenant.secret(),
        "PLAYER_JWT", playerJwt, "DEFINITION_ID", coupon.definitionId().toString());
  }

  /** An npm package installed under {@code work}, once per checkout. */
  private void requireNpmPackage(Path work, String spec, String name) throws Exception {
    if (Files.exists(work.resolve("node_modules").resolve(name).resolve("package.json"))) {
      return;
    }
    Run install = run(List.of("npm", "install", "--prefix", work.toAbsolutePath().toString(), "--no-audit", "--no-fund",
        "--loglevel=error", spec), Map.of());
    if (install.exit() != 0) {
      fail("Could not install " + spec + ": run npm install --prefix " + work + " " + spec + "\n" + install);
    }
  }

  private Run run(List<String> command, Map<String, String> extraEnv) throws Exception {
    Path out = Files.createTempFile("client", ".out");
    Path err = Files.createTempFile("client", ".err");
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
      if (t != null) {
        builder.environment().putAll(guideEnv());
      }
      builder.environment().putAll(extraEnv);
      Process process;
      try {
        process = builder.start();
      } catch (IOException notInstalled) {
        fail(command.get(0) + " is not installed or not on PATH; the generated clients' tests need it: " + notInstalled.getMessage());
        return null;
      }
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
}
