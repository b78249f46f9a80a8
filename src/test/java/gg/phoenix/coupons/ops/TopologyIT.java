package gg.phoenix.coupons.ops;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.json.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docker/topology.sh for real: two fat-jar instances behind Debian's nginx running docker/nginx.conf. Fails (never
 * skips) when nginx is missing and cannot be installed: the load-balancer config must be exercised.
 */
class TopologyIT {

  static final int LB_PORT = 18080;
  static final String APP_PORTS = "18081 18082";
  static final Path RUN_DIR = Path.of("target", "topology-it");

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

    assertThat(upstreams).containsExactlyInAnyOrder("127.0.0.1:18081", "127.0.0.1:18082");
    assertThat(redeemed.status()).isEqualTo(200);
    assertThat(redeemed.json().getString("status")).isEqualTo("redeemed");
    assertThat(redeemed.headers().firstValue("X-Request-Id")).isPresent();
  }

  private static int script(String command) throws Exception {
    Files.createDirectories(RUN_DIR);
    File log = RUN_DIR.resolve("topology-" + command + ".log").toFile();
    ProcessBuilder builder = new ProcessBuilder("bash", "docker/topology.sh", command)
        .redirectErrorStream(true).redirectOutput(log);
    Map<String, String> env = builder.environment();
    TestBackends.get().serviceConfig(0).forEach(e -> env.put(e.getKey(), String.valueOf(e.getValue())));
    env.remove("HTTP_PORT");
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
