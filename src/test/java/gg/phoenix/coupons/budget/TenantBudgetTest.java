package gg.phoenix.coupons.budget;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each tenant's request budget, shared by two instances of the service (two deployments on Vert.x instances of
 * their own, one Redis): 5 requests per second, 10 at once. One token of slack per instance and a half for the
 * chunk in flight: a chunk is one token at this rate.
 */
class TenantBudgetTest {

  private static final int RATE = 5;
  private static final int BURST = 10;
  private static final int INSTANCES = 2;

  private static final JsonObject BUDGET = new JsonObject().put("TENANT_RATE_LIMIT", RATE).put("TENANT_RATE_BURST", BURST)
      .put("OUTBOX_RELAY_INSTANCES", 0).put("WEBHOOK_SENDERS", 0);

  @RegisterExtension
  static final TestService FIRST = TestService.with(BUDGET);
  /** A second instance on the same PostgreSQL and Redis. */
  @RegisterExtension
  static final TestService SECOND = TestService.another(BUDGET);
  /** An instance whose Redis is a port nobody listens on. */
  @RegisterExtension
  static final TestService ALONE = TestService.another(BUDGET.copy().put("REDIS_URL", "redis://127.0.0.1:" + TestApp.freePorts(1)[0]));

  private static Api first;
  private static Api second;
  private static Api alone;

  @BeforeAll
  static void instances() {
    first = FIRST.api();
    second = SECOND.api();
    alone = ALONE.api();
  }

  /** {@code count} authenticated reads of one tenant, sent at once, alternating between the instances given. */
  private static List<Api.Response> burst(Seed.Tenant tenant, int count, Api... instances) {
    Api.Auth auth = bearer(tenantJwt(tenant.id(), tenant.secret(), null, 600));
    List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      sent.add(instances[i % instances.length].sendAsync("GET", "/v1/coupons/" + tenant.id() + "/definitions", null, auth, List.of()));
    }
    return sent.stream().map(CompletableFuture::join).toList();
  }

  private static long ok(List<Api.Response> answers) {
    return answers.stream().filter(r -> r.status() == 200).count();
  }

  /** The most a correct budget lets through in {@code seconds}, with each instance's slack. */
  private static double allowed(double seconds, int instances) {
    return BURST + RATE * seconds + instances * 1.5;
  }

  @Test
  @DisplayName("past its budget a tenant gets 429 rate_limited with Retry-After, RateLimit-Policy and RateLimit, and the two instances together let through no more than the budget")
  void budgetSharedByInstances() {
    Seed.Tenant tenant = Seed.tenant();
    long started = System.nanoTime();

    List<Api.Response> answers = burst(tenant, 60, first, second);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 429));
    assertThat((double) ok(answers)).as("200s in %.2f s", seconds).isLessThanOrEqualTo(allowed(seconds, INSTANCES));
    assertThat(ok(answers)).isGreaterThanOrEqualTo(BURST - INSTANCES * 2L);
    Api.Response refused = answers.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 2L);
    assertThat(refused.json()).isEqualTo(new JsonObject().put("error", "rate_limited")
        .put("message", "This tenant's request budget is spent; try again in " + retryAfter + " seconds"));
    assertThat(refused.headers().firstValue("RateLimit-Policy")).contains("\"tenant\";q=" + RATE + ";w=1");
    assertThat(refused.headers().firstValue("RateLimit")).contains("\"tenant\";r=0;t=" + retryAfter);
  }

  @Test
  @DisplayName("one tenant at its limit does not slow another: the other's requests meanwhile are all answered 200")
  void tenantsApart() {
    Seed.Tenant busy = Seed.tenant();
    Seed.Tenant quiet = Seed.tenant();
    long started = System.nanoTime();
    List<Api.Response> spent = burst(busy, 80, first, second);

    List<Api.Response> others = burst(quiet, BURST - INSTANCES * 2, first, second);
    List<Api.Response> stillSpent = burst(busy, 20, first, second);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(spent).anyMatch(r -> r.status() == 429);
    assertThat(others).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
    assertThat((double) ok(spent) + ok(stillSpent)).as("the busy tenant's 200s in %.2f s", seconds)
        .isLessThanOrEqualTo(allowed(seconds, INSTANCES));
  }

  @Test
  @DisplayName("once the bucket has refilled for Retry-After seconds the tenant is served again")
  void refills() throws InterruptedException {
    Seed.Tenant tenant = Seed.tenant();
    List<Api.Response> spent = burst(tenant, 40, first, second);
    long retryAfter = spent.stream().filter(r -> r.status() == 429).mapToLong(r -> Long.parseLong(r.headers()
        .firstValue("Retry-After").orElseThrow())).max().orElseThrow();

    Thread.sleep(TimeUnit.SECONDS.toMillis(retryAfter) + 200);

    assertThat(burst(tenant, 2, first, second)).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
  }

  @Test
  @DisplayName("with Redis away an instance keeps a budget of its own: the tenant is still limited to the burst and the rate")
  void redisAwayLocalBucket() {
    Seed.Tenant tenant = Seed.tenant();
    long started = System.nanoTime();

    List<Api.Response> answers = burst(tenant, 40, alone);
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isIn(200, 429));
    assertThat((double) ok(answers)).as("200s in %.2f s", seconds).isLessThanOrEqualTo(BURST + RATE * seconds);
    assertThat(ok(answers)).isGreaterThanOrEqualTo(BURST);
  }
}
