package gg.phoenix.coupons;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.StandardOutput;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service started as {@code --demo} starts it (DEMO=true), with the demo sheet it prints on standard output
 * kept for the test to read: its token, secret and curl lines.
 */
final class DemoServer {

  final Api api;
  /** What the process printed while starting, the demo sheet included. */
  final String output;

  private DemoServer(Api api, String output) {
    this.api = api;
    this.output = output;
  }

  static DemoServer start(Vertx vertx, JsonObject overrides) throws Exception {
    forgetDemoTenantInRedis(vertx);
    StandardOutput.Captured<Api> started = StandardOutput.capture(() -> TestApp.start(vertx, overrides.copy().put("DEMO", true)));
    return new DemoServer(started.value(), started.printed());
  }

  /**
   * Every demo server has the same tenant id, each in a database of its own, while the test Redis is shared: what
   * an earlier demo server cached of its tenant (a public code pointing at its own definition) must not answer here.
   */
  private static void forgetDemoTenantInRedis(Vertx vertx) throws Exception {
    Redis client = Redis.createClient(vertx, TestBackends.get().redisUrl);
    try {
      RedisAPI redis = RedisAPI.api(client);
      String cursor = "0";
      do {
        Response page = redis.scan(List.of(cursor, "MATCH", "*" + DemoData.TENANT_ID + "*", "COUNT", "1000"))
            .await(10, TimeUnit.SECONDS);
        cursor = page.get(0).toString();
        List<String> keys = new ArrayList<>();
        page.get(1).forEach(key -> keys.add(key.toString()));
        if (!keys.isEmpty()) {
          redis.del(keys).await(10, TimeUnit.SECONDS);
        }
      } while (!"0".equals(cursor));
    } finally {
      client.close();
    }
  }

  /** The value printed after {@code label} on the demo sheet, up to the next space. */
  String printed(String label) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + "\\s*(\\S+)").matcher(output);
    assertThat(m.find()).as(label + " in the demo sheet").isTrue();
    return m.group(1);
  }

  String token() {
    return printed("TOKEN=");
  }

  String secret() {
    return printed("Tenant secret:");
  }

  /** The sheet's curl lines, in the order printed. */
  List<String> curlLines() {
    return output.lines().map(String::strip).filter(line -> line.startsWith("curl ")).toList();
  }
}
