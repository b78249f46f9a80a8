package gg.phoenix.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.metrics.Metrics;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer copies works: the curl lines the demo sheet prints, and the walk-throughs of README.md and
 * docs/walkthrough.md, run with bash against a fresh {@code --demo} service (embedded PostgreSQL and Redis, as
 * {@code java -jar ... --demo} starts them on a machine without either). Every curl fails on an HTTP error status
 * ({@code --fail-with-body}) and the script stops at the first failure ({@code set -eo pipefail}).
 *
 * <p>A document's {@code ```bash} blocks that contain {@code curl} run in order, as one script, with what the
 * reader is told to fill in filled in: the service's addresses for {@code localhost:8080} / {@code :9090}, the demo
 * tenant for {@code your-tenant-id}, the demo coupon's code and id for the guide's example ones, {@code $TOKEN} the
 * printed token and {@code $ADMIN_TOKEN} the service's. Lines that build or start the service ({@code mvn},
 * {@code java}) are left out: the test started it.
 */
class DemoWalkthroughTest {

  private static final String ADMIN_TOKEN = "walk-admin";
  private static final Pattern BASH_BLOCK = Pattern.compile("(?ms)^```bash\\n(.*?)^```");
  private static final Pattern CURL = Pattern.compile("(^|[\\s;&|($])curl\\s");
  /** Building or starting the service, which the test has done. */
  private static final Pattern BUILD_OR_START = Pattern.compile("(^|[\\s;&|])(mvn|java)\\s");
  private static final long TIMEOUT_SECONDS = 120;

  record Run(int exit, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  @Test
  @DisplayName("every curl line the demo sheet prints answers 2xx, in the order printed")
  void demoSheet() throws Exception {
    withDemo(demo -> {
      List<String> lines = demo.curlLines();
      assertThat(lines).hasSizeGreaterThanOrEqualTo(8);
      Run run = bash(demo, String.join("\n", lines));
      assertThat(run.exit()).as(run.toString()).isZero();
      assertThat(run.stdout()).contains("\"redemption_id\"").contains("LAUNCHDEMO");
    });
  }

  @Test
  @DisplayName("the bash blocks with curl lines of README.md and docs/walkthrough.md run through, each document against a --demo service of its own")
  void walkthroughs() throws Exception {
    List<Path> run = new ArrayList<>();
    for (Path doc : List.of(Path.of("README.md"), Path.of("docs", "walkthrough.md"))) {
      List<String> blocks = Files.exists(doc) ? curlBlocks(Files.readString(doc)) : List.of();
      if (!blocks.isEmpty()) {
        withDemo(demo -> {
          Run result = bash(demo, fillIn(demo, String.join("\n", blocks)));
          assertThat(result.exit()).as(doc + "\n" + result).isZero();
        });
        run.add(doc);
      }
    }
    assertThat(run).as("documents with a curl walk-through").isNotEmpty();
  }

  /** The bash blocks with a curl command (in a comment does not count). */
  static List<String> curlBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher m = BASH_BLOCK.matcher(markdown);
    while (m.find()) {
      if (m.group(1).lines().anyMatch(line -> isCommand(line) && CURL.matcher(line).find())) {
        blocks.add(m.group(1));
      }
    }
    return blocks;
  }

  private static boolean isCommand(String line) {
    return !line.isBlank() && !line.strip().startsWith("#");
  }

  /** The document's text with what the reader fills in filled in. */
  private static String fillIn(DemoServer demo, String script) {
    URI api = URI.create(demo.api.base());
    URI ops = URI.create(demo.api.ops().base());
    JsonObject coupon = demo.api.get("/v1/coupons/" + DemoData.TENANT_ID + "/user/" + DemoData.USER_ID,
        gg.phoenix.coupons.support.Credentials.bearer(demo.token())).json().getJsonArray("coupons").getJsonObject(0);
    List<String> kept = script.lines()
        .filter(line -> !(isCommand(line) && BUILD_OR_START.matcher(line).find()))
        .filter(line -> !line.strip().matches("(export )?TOKEN=\\.\\.\\..*"))
        .toList();
    return String.join("\n", kept)
        .replaceAll("(localhost|127\\.0\\.0\\.1):8080", "127.0.0.1:" + api.getPort())
        .replaceAll("(localhost|127\\.0\\.0\\.1):9090", "127.0.0.1:" + ops.getPort())
        .replace("your-tenant-id", DemoData.TENANT_ID)
        .replace("WELCOME8X4F2K9P", coupon.getString("code"))
        .replace("770e8400-e29b-41d4-a716-446655440002", coupon.getString("id"));
  }

  private interface DemoTest {
    void run(DemoServer demo) throws Exception;
  }

  /** A fresh --demo service of its own: embedded PostgreSQL and Redis under a new data directory. */
  private static void withDemo(DemoTest test) throws Exception {
    Path dataDir = Files.createTempDirectory("coupon-demo");
    // with metrics, as the jar's Main runs the service: the sheet's /metrics line answers
    Vertx vertx = Metrics.vertxBuilder(new VertxOptions()).build();
    try {
      DemoServer demo = DemoServer.start(vertx, new JsonObject().put("EMBEDDED", "true")
          .put("EMBEDDED_DATA_DIR", dataDir.toString()).put("EMBEDDED_PG_PORT", TestApp.freePort())
          .put("EMBEDDED_REDIS_PORT", TestApp.freePort()).put("HTTP_INSTANCES", 1).put("COUPON_INSTANCES", 1)
          .put("SECRETS_KEYSET", "").put("ADMIN_TOKEN", ADMIN_TOKEN));
      test.run(demo);
    } finally {
      vertx.close().await(60, TimeUnit.SECONDS);
    }
  }

  /** Runs the script with bash in a directory of its own, every curl failing on an HTTP error status. */
  private static Run bash(DemoServer demo, String script) throws Exception {
    Path work = Files.createTempDirectory("walkthrough");
    Path file = work.resolve("walkthrough.sh");
    Files.writeString(file, "set -eo pipefail\ncurl() { command curl --fail-with-body \"$@\"; }\n" + script + "\n",
        StandardCharsets.UTF_8);
    ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(work.toFile())
        .redirectOutput(work.resolve("out").toFile()).redirectError(work.resolve("err").toFile());
    builder.environment().put("TOKEN", demo.token());
    builder.environment().put("ADMIN_TOKEN", ADMIN_TOKEN);
    Process process = builder.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the script did not finish within " + TIMEOUT_SECONDS + " s:\n" + script);
    }
    return new Run(process.exitValue(), read(work.resolve("out")), read(work.resolve("err")) + "\n--- script\n" + script);
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }
}
