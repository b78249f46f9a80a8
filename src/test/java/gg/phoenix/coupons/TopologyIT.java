package gg.phoenix.coupons;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.RawHttp;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docker/topology.sh for real: two fat-jar instances behind Debian's nginx running docker/nginx.conf. Fails (never
 * skips) when nginx is missing and cannot be installed: the load-balancer config must be exercised.
 *
 * <p>The attacks that need the load balancer run here: behind nginx every request reaches the service from nginx's
 * address, so clients are told apart by the loopback address they send from (127.0.0.2, 127.0.0.3...), which nginx
 * appends to X-Forwarded-For and the instances (TRUSTED_PROXIES=127.0.0.1/32, topology.sh's default) read back.
 */
class TopologyIT {

  // Free ports, so that two test runs on one machine (two worktrees, CI) never meet.
  private static final int[] PORTS = TestApp.freePorts(5);
  static final int LB_PORT = PORTS[0];
  static final int APP_1 = PORTS[1];
  static final int APP_2 = PORTS[2];
  static final String APP_PORTS = APP_1 + " " + APP_2;
  static final String OPS_PORTS = PORTS[3] + " " + PORTS[4];
  static final Path RUN_DIR = Path.of("target", "topology-it");
  static final int LOOKUP_LIMIT = 5;
  static final int RATE = 50;
  static final String ADMIN_TOKEN = "topology-admin-token-" + Seed.uniqueId("t") + "-0123456789";
  private static final JsonObject NOT_FOUND = new JsonObject().put("error", "not_found").put("message", "No such resource");

  private static Api lb;

  @BeforeAll
  static void start() throws Exception {
    assertThat(script("start")).as("topology.sh start; see " + RUN_DIR).isZero();
    lb = Api.at("http://127.0.0.1:" + LB_PORT);
  }

  @AfterAll
  static void stop() throws Exception {
    assertThat(script("stop")).as("topology.sh stop: both instances exit cleanly; see " + RUN_DIR).isZero();
  }

  @Test
  @DisplayName("authenticated requests through nginx are served by both instances, and a redeem through it succeeds")
  void bothInstancesServe() {
    Seed.Tenant tenant = Seed.tenant();
    String code = Seed.uniqueCode("LB");
    Seed.coupon(tenant.id(), Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), DefinitionSpec.singleUse()), "user_123", code);
    Api.Auth auth = bearer(tenantJwt(tenant.id(), tenant.secret(), null, 600));

    Set<String> upstreams = new HashSet<>();
    for (int i = 0; i < 6; i++) {
      Api.Response response = lb.get("/v1/coupons/" + tenant.id() + "/user/user_123", auth);
      assertThat(response.status()).isEqualTo(200);
      assertThat(response.json().getInteger("total")).isEqualTo(1);
      upstreams.add(response.headers().firstValue("X-Upstream").orElse("none"));
    }
    Api.Response redeemed = lb.post("/v1/coupons/" + tenant.id() + "/redeem/" + code, new JsonObject().put("user_id", "user_123"), auth);

    assertThat(upstreams).containsExactlyInAnyOrder("127.0.0.1:" + APP_1, "127.0.0.1:" + APP_2);
    assertThat(redeemed.status()).isEqualTo(200);
    assertThat(redeemed.json().getString("status")).isEqualTo("redeemed");
    assertThat(redeemed.headers().firstValue("X-Request-Id")).isPresent();
  }

  /** A client at its own loopback address, talking to nginx. */
  private static RawHttp client(String address) {
    return new RawHttp(LB_PORT).from(address);
  }

  private static String[] jwt(Seed.Tenant tenant, String player) {
    return new String[] {"Authorization", "Bearer " + tenantJwt(tenant.id(), tenant.secret(), player, 600)};
  }

  private static String[] signed(Seed.Tenant tenant, String method, String path) {
    String ts = String.valueOf(System.currentTimeMillis() / 1000);
    return new String[] {"X-Tenant-Id", tenant.id(), "X-Timestamp", ts,
        "X-Signature", Credentials.signature(tenant.secret(), method, path, ts, "")};
  }

  private static RawHttp.Response get(RawHttp client, String path, String... headers) throws IOException {
    return client.get(path, headers);
  }

  /** A coupon of the tenant that anyone may validate (unassigned, unlimited). */
  private static String validCode(Seed.Tenant tenant) {
    UUID definition = Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), DefinitionSpec.singleUse().uses(null, null));
    String code = Seed.uniqueCode("LBREAL");
    Seed.coupon(tenant.id(), definition, null, code);
    return code;
  }

  private static void assertValid(RawHttp.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.jsonOrNull().getBoolean("valid")).as(response.body()).isTrue();
  }

  /** Polls until {@code request} is refused as a guesser: the instances count misses after answering them. */
  private static void awaitLockedOut(ThrowingSupplier request) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    RawHttp.Response last;
    do {
      last = request.get();
      if (last.status() == 429 && "too_many_attempts".equals(last.jsonOrNull().getString("error"))) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("the guesser was never locked out; last answer " + last.status() + " " + last.body());
  }

  private interface ThrowingSupplier {
    RawHttp.Response get() throws Exception;
  }

  @Test
  @DisplayName("through nginx, a guesser's lockout (tenant JWT, no player) refuses neither another client nor the studio's signed backend at the guesser's own address")
  void lockoutHoldsOneClientBehindNginx() throws Exception {
    Seed.Tenant tenant = Seed.tenant();
    String code = validCode(tenant);
    String base = "/v1/coupons/" + tenant.id() + "/validate/";
    RawHttp guesser = client("127.0.0.2");
    for (int i = 0; i < LOOKUP_LIMIT; i++) {
      RawHttp.Response miss = get(guesser, base + Seed.uniqueCode("GUESS"), jwt(tenant, null));
      assertThat(miss.jsonOrNull().getString("error")).as(miss.body()).isEqualTo("Coupon code not found");
    }
    awaitLockedOut(() -> get(guesser, base + code, jwt(tenant, null)));

    assertValid(get(client("127.0.0.3"), base + code, jwt(tenant, null)));
    assertValid(get(guesser, base + code, signed(tenant, "GET", base + code)));
    assertValid(get(guesser, base + code, jwt(tenant, "player-7")));
  }

  @Test
  @DisplayName("through nginx, naming a new ?user_id= every try with a tenant JWT does not escape the lockout of the client's address")
  void rotatingUserIdBehindNginx() throws Exception {
    Seed.Tenant tenant = Seed.tenant();
    String code = validCode(tenant);
    String base = "/v1/coupons/" + tenant.id() + "/validate/";
    RawHttp guesser = client("127.0.0.4");
    for (int i = 0; i < LOOKUP_LIMIT; i++) {
      get(guesser, base + Seed.uniqueCode("GUESS") + "?user_id=rotating-" + i, jwt(tenant, null));
    }

    awaitLockedOut(() -> get(guesser, base + code + "?user_id=rotating-" + Seed.uniqueId("n"), jwt(tenant, null)));
    assertValid(get(client("127.0.0.5"), base + code + "?user_id=rotating-0", jwt(tenant, null)));
  }

  @Test
  @DisplayName("nginx passes neither /metrics nor /v1/admin, in any spelling, even with the admin token; each instance serves them on its ops port")
  void operatorSurfacesNotThroughNginx() throws Exception {
    RawHttp outsider = client("127.0.0.6");
    String[] admin = {"Authorization", "Bearer " + ADMIN_TOKEN};
    List<String> targets = List.of("/metrics", "/metrics/", "/metrics?x=1", "/metrics/x", "//metrics", "/METRICS", "/./metrics",
        "/%6Detrics", "/v1/admin/tenants", "/v1/admin/tenants/", "//v1/admin/tenants", "/v1/./admin/tenants",
        "/v1/x/../admin/tenants", "/v1/%61dmin/tenants", "/v1%2Fadmin/tenants", "/V1/ADMIN/tenants", "/v1//admin/tenants",
        "/v1/admin", "/v1/admin?x", "/v1/admin/tenants/" + Seed.uniqueId("t"));
    for (String target : targets) {
      RawHttp.Response response = get(outsider, target, admin);
      assertThat(response.status()).as(target + ": " + response.body()).isEqualTo(404);
      assertThat(response.jsonOrNull()).as(target).isEqualTo(NOT_FOUND);
    }
    RawHttp.Response create = outsider.send("POST", "//v1/admin/tenants", List.<String[]>of(admin),
        new JsonObject().put("id", Seed.uniqueId("lb")).put("name", "Through nginx").encode().getBytes(), false);
    assertThat(create.status()).isEqualTo(404);

    for (String ops : OPS_PORTS.split(" ")) {
      Api direct = Api.at("http://127.0.0.1:" + ops);
      assertThat(direct.get("/metrics", Api.NONE).body()).contains("jvm_memory_used_bytes");
      assertThat(direct.get("/v1/admin/tenants/" + Seed.uniqueId("none"), Credentials.bearer(ADMIN_TOKEN)).status()).isEqualTo(404);
      assertThat(direct.get("/v1/admin/tenants/" + Seed.uniqueId("none"), Api.NONE).status()).isEqualTo(401);
    }
    assertThat(Seed.count("SELECT count(*) FROM tenants WHERE name = 'Through nginx'")).isZero();
  }

  @Test
  @DisplayName("through nginx every answer carries X-Content-Type-Options: nosniff once: nginx's own (404 for /metrics, 413, 400) and the instances'")
  void nosniffThroughNginx() throws Exception {
    RawHttp outsider = client("127.0.0.7");
    List<RawHttp.Response> answers = List.of(
        get(outsider, "/metrics/"),
        // announced only: nginx refuses it on the header, past client_max_body_size (1m)
        outsider.send("POST", "/v1/coupons/t1/redeem/X", List.<String[]>of(new String[] {"Content-Length", "2097152"}), null, false),
        outsider.send("GET", "/v1/coupons/t1/validate/%00", List.of(), null, false),
        get(outsider, "/health/live"),
        get(outsider, "/v1/coupons/t1/user/u1"));

    assertThat(answers).extracting(RawHttp.Response::status).containsExactly(404, 413, 400, 200, 401);
    for (RawHttp.Response answer : answers) {
      assertThat(answer.headers().stream().filter(h -> h[0].equalsIgnoreCase("X-Content-Type-Options")).map(h -> h[1]))
          .as(answer.status() + " " + answer.body()).containsExactly("nosniff");
    }
    assertThat(answers.get(0).header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  @DisplayName("through nginx a tenant past its budget gets 429 rate_limited from both instances together, and another tenant meanwhile gets 200s")
  void tenantBudgetBehindNginx() {
    Seed.Tenant busy = Seed.tenant();
    Seed.Tenant quiet = Seed.tenant();
    Api.Auth busyAuth = bearer(tenantJwt(busy.id(), busy.secret(), null, 600));
    long started = System.nanoTime();
    List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
    for (int i = 0; i < RATE * 4; i++) {
      sent.add(lb.sendAsync("GET", "/v1/coupons/" + busy.id() + "/definitions", null, busyAuth, List.of()));
    }
    List<Api.Response> answers = sent.stream().map(CompletableFuture::join).toList();
    double seconds = (System.nanoTime() - started) / 1e9;
    List<Api.Response> others = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      others.add(lb.get("/v1/coupons/" + quiet.id() + "/definitions", bearer(tenantJwt(quiet.id(), quiet.secret(), null, 600))));
    }

    long ok = answers.stream().filter(r -> r.status() == 200).count();
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 429));
    assertThat((double) ok).as("200s in %.2f s", seconds).isLessThanOrEqualTo(RATE + RATE * seconds + 2 * 1.5);
    Api.Response refused = answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    assertThat(refused.json().getString("error")).isEqualTo("rate_limited");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"tenant\";q=" + RATE + ";w=1");
    assertThat(refused.headers().firstValue("RateLimit")).isPresent();
    assertThat(others).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
  }

  private static int script(String command) throws Exception {
    Files.createDirectories(RUN_DIR);
    File log = RUN_DIR.resolve("topology-" + command + ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder("bash", "docker/topology.sh", command)
        .redirectErrorStream(true).redirectOutput(log);
    Map<String, String> env = builder.environment();
    TestBackends.get().serviceConfig(0).forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    env.remove("HTTP_PORT");
    env.remove("OPS_PORT");
    env.put("OPS_PORTS", OPS_PORTS);
    // As deployed: the production profile, which refuses private webhook targets (the tests' receivers need them).
    env.put("PROFILE", "prod");
    env.put("WEBHOOK_ALLOW_PRIVATE_TARGETS", "false");
    env.put("ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("LOOKUP_FAILURE_LIMIT", String.valueOf(LOOKUP_LIMIT));
    env.put("LOOKUP_FAILURE_WINDOW_SECONDS", "60");
    env.put("TENANT_RATE_LIMIT", String.valueOf(RATE));
    env.put("TENANT_RATE_BURST", String.valueOf(RATE));
    env.put("HTTP_INSTANCES", "1");
    env.put("COUPON_INSTANCES", "1");
    env.put("SHUTDOWN_GRACE_SECONDS", "5");
    env.put("LB_PORT", String.valueOf(LB_PORT));
    env.put("APP_PORTS", APP_PORTS);
    env.put("RUN_DIR", RUN_DIR.toString());
    Process process = builder.start();
    if (!process.waitFor(4, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      return -1;
    }
    if (process.exitValue() != 0) {
      System.err.println(Files.readString(log.toPath()));
    }
    return process.exitValue();
  }
}
