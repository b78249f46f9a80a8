package gg.phoenix.coupons.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service on a Vert.x built as the fat jar builds it, with Micrometer metrics. Each meter is scraped before and
 * after the action it counts, so a meter that stops counting (or is left unbound) fails here.
 */
class MetricsTest {

  private static final int LOOKUP_LIMIT = 3;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("LOOKUP_FAILURE_LIMIT", LOOKUP_LIMIT)).withMetrics();

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  /** A fresh single-use coupon of user_1; answers its code. */
  private String coupon() {
    String code = Seed.uniqueCode("METRIC");
    t.coupon(DefinitionSpec.singleUse(), "user_1", code);
    return code;
  }

  private Api.Response redeem(String code, String userId) {
    return api.post(t.path("/redeem/" + code), TenantFixture.userBody(userId), t.server());
  }

  @Test
  @DisplayName("GET /metrics serves Prometheus text with HTTP latency histograms by route template, never by code")
  void prometheus() {
    String code = Seed.uniqueCode("METRIC");
    api.get(t.path("/validate/" + code), t.server());

    Api.Response response = api.ops().get("/metrics", Api.NONE);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(response.body())
        .contains("vertx_http_server_response_time_seconds_bucket")
        .containsPattern("route=\"[^\"]*/v1/coupons/:tenant_id/validate/:code\"")
        .contains("jvm_memory_used_bytes")
        .doesNotContain(code);
  }

  @Test
  @DisplayName("a redemption and a refused second one count one each under their outcomes, and the rules' SQL statements count")
  void redemptionsByOutcome() {
    String code = coupon();
    Scrape before = Scrape.of(api);

    assertThat(redeem(code, "user_1").status()).isEqualTo(200);
    assertThat(redeem(code, "user_1").status()).isEqualTo(400);

    Scrape after = Scrape.of(api);
    assertThat(after.since(before, "coupons_redemptions_total{outcome=\"redeemed\"}")).isEqualTo(1);
    assertThat(after.since(before, "coupons_redemptions_total{outcome=\"coupon_already_redeemed\"}")).isEqualTo(1);
    assertThat(after.since(before, "coupons_rule_queries_total")).isPositive();
  }

  @Test
  @DisplayName("an attempt over a public code's spent cap, refused by the Redis guard, counts in coupons_guard_rejections_total")
  void guardRejections() {
    Studio studio = Studio.create(api);
    String code = Seed.uniqueCode("METRIC");
    studio.definition(new JsonObject().put("code_format", "fixed").put("code", code).put("usage_limit", Studio.perUser(1, 1)));
    assertThat(studio.redeem(code, "winner").status()).isEqualTo(200);
    Scrape before = Scrape.of(api);
    int[] late = {0};

    // the first late attempts may be decided by PostgreSQL while the guard's counters are being cached
    Streams.until("a guard rejection counted", Duration.ofSeconds(15), () -> {
      assertThat(studio.redeem(code, "late-" + late[0]++).json().getString("message")).isEqualTo("Usage limit exceeded");
      return Scrape.of(api).since(before, "coupons_guard_rejections_total") >= 1;
    });
  }

  @Test
  @DisplayName("a lookup refused with 429 after too many unknown codes counts in coupons_lookup_lockouts_total")
  void lookupLockouts() {
    Scrape before = Scrape.of(api);

    for (int i = 0; i <= LOOKUP_LIMIT; i++) {
      api.get(t.path("/validate/" + Seed.uniqueCode("NOPE") + "?user_id=guesser"), t.server());
    }

    assertThat(api.get(t.path("/validate/" + Seed.uniqueCode("NOPE") + "?user_id=guesser"), t.server()).status()).isEqualTo(429);
    assertThat(Scrape.of(api).since(before, "coupons_lookup_lockouts_total")).isPositive();
  }

  @Test
  @DisplayName("a redemption's event, once the relay publishes it, counts one more outbox lag sample")
  void outboxLag() {
    String code = coupon();
    Scrape before = Scrape.of(api);

    assertThat(redeem(code, "user_1").status()).isEqualTo(200);

    Streams.until("an outbox lag sample", Duration.ofSeconds(15),
        () -> Scrape.of(api).since(before, "coupons_outbox_lag_milliseconds_count") >= 1);
  }

  @Test
  @DisplayName("the Redis fallback meter is served at /metrics")
  void fallbacksServed() {
    assertThat(Scrape.of(api).series()).containsKey("coupons_redis_fallbacks_total");
  }
}
