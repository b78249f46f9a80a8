package gg.phoenix.coupons.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.PgBouncer;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The service behind a real PgBouncer in transaction mode (PG_POOLER=pgbouncer-transaction), with fewer server
 * connections than the service has clients, so consecutive transactions of one client land on different server
 * connections: redemption under a cap, generation jobs and the outbox relay all work through it.
 */
class PgBouncerTest {

  @RegisterExtension
  static final PgBouncer BOUNCER = new PgBouncer();

  @RegisterExtension
  static final TestService SERVICE = TestService.with(BOUNCER.serviceConfig().put("OUTBOX_POLL_MS", 200));

  @Fixture private static Api api;
  @Fixture private static Streams streams;
  @Fixture private Studio studio;

  private final String code = Seed.uniqueCode("POOLED");

  private UUID capped(int cap) {
    JsonObject definition = studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, cap)));
    return UUID.fromString(definition.getString("id"));
  }

  private List<Api.Response> redeemAtOnce(int players) {
    return IntStream.range(0, players)
        .mapToObj(i -> api.sendAsync("POST", studio.path("/redeem/" + code),
            new JsonObject().put("user_id", "player-" + i).encode(), studio.server, List.of()))
        .toList().stream().map(CompletableFuture::join).toList();
  }

  @Test
  @DisplayName("through PgBouncer, 40 players racing for a code capped at 5 uses: exactly 5 redeem, 35 get 400 'Usage limit exceeded', no 5xx")
  void cappedRace() {
    UUID definitionId = capped(5);

    List<Api.Response> answers = redeemAtOnce(40);

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body() + "\n" + BOUNCER.log()).isIn(200, 400));
    assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(5);
    assertThat(answers.stream().filter(r -> r.status() == 400)).allSatisfy(r ->
        assertThat(r.json().getString("message")).isEqualTo("Usage limit exceeded"));
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId)).isEqualTo(5);
  }

  @Test
  @DisplayName("through PgBouncer, a generation job of 2,000 codes runs to done and stores every code")
  void generationJob() throws InterruptedException {
    String id = studio.definition(new JsonObject().put("code_length", 10)).getString("id");

    Api.Response started = studio.post("/definitions/" + id + "/coupons", new JsonObject().put("count", 2_000));

    assertThat(started.status()).as(started.body()).isEqualTo(202);
    JsonObject job = awaitEnd(started.json().getString("status_url"));
    assertThat(job.getString("status")).as(job.encode()).isEqualTo("done");
    assertThat(Seed.count("SELECT count(*) FROM coupons WHERE definition_id = ?", UUID.fromString(id))).isEqualTo(2_000);
  }

  @Test
  @DisplayName("through PgBouncer, 20 redemptions put exactly 20 distinct coupon.redeemed events on the tenant's stream")
  void outboxRelay() {
    capped(100);

    List<Api.Response> answers = redeemAtOnce(20);

    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
    Set<String> redemptions = answers.stream().map(r -> r.json().getString("redemption_id")).collect(Collectors.toSet());
    List<Streams.Entry> entries = streams.await(studio.tenantId, e -> e.size() >= 20, Duration.ofSeconds(15));
    Streams.sleep(500); // anything extra would show up now
    entries = streams.entries(studio.tenantId);
    assertThat(entries).hasSize(20);
    assertThat(entries.stream().map(e -> e.event().getString("redemption_id")))
        .containsExactlyInAnyOrderElementsOf(redemptions);
  }

  @Test
  @DisplayName("PgBouncer killed and restarted while 40 players redeem a code capped at 30: no use past the cap, every 200 is a stored redemption, and the database answers again after")
  void poolerRestart() {
    UUID definitionId = capped(30);

    CompletableFuture<List<Api.Response>> race = CompletableFuture.supplyAsync(() -> IntStream.range(0, 40)
        .mapToObj(i -> studio.redeem(code, "player-" + i)).toList());
    Streams.sleep(150);
    BOUNCER.restart();
    List<Api.Response> answers = race.join();

    long stored = Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId);
    String statuses = "statuses around the restart: " + answers.stream().collect(Collectors.groupingBy(Api.Response::status, Collectors.counting()));
    assertThat(stored).as(statuses).isLessThanOrEqualTo(30);
    assertThat(answers.stream().filter(r -> r.status() == 200).count()).as(statuses).isLessThanOrEqualTo(stored);
    assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(statuses + "; " + r.body()).isIn(200, 400, 503, 504));
    Api.Response after = awaitAnswer(() -> studio.get("/definitions/" + definitionId));
    assertThat(after.status()).as(after.body()).isEqualTo(200);
  }

  @Test
  @DisplayName("a service whose pooled connections see another schema than its own (stale server connections, another role) refuses to start, saying so")
  void staleSettingsRefused(Vertx vertx) throws Exception {
    ServiceConfig config = ServiceConfig.from(TestApp.config(BOUNCER.serviceConfig().put("PG_SCHEMA", "elsewhere")));
    Pool pooled = PgBuilder.pool().connectingTo(PgPools.connectOptions(config)).using(vertx).build();
    try {
      assertThatThrownBy(() -> PoolerSettings.check(pooled, config.postgres()).await())
          .hasMessageStartingWith("Through the pooler, connections see schema '" + TestBackends.get().schema + "'")
          .hasMessageContaining("not 'elsewhere'");
    } finally {
      pooled.close().await();
    }
  }

  /** The first answer that is not a 5xx, asked again every 200 ms for up to 15 s. */
  private static Api.Response awaitAnswer(Supplier<Api.Response> request) {
    long deadline = System.currentTimeMillis() + 15_000;
    Api.Response response = request.get();
    while (response.status() >= 500 && System.currentTimeMillis() < deadline) {
      Streams.sleep(200);
      response = request.get();
    }
    return response;
  }

  private JsonObject awaitEnd(String statusUrl) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    JsonObject job = api.get(statusUrl, studio.server).json();
    while (!Set.of("done", "failed").contains(job.getString("status")) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      job = api.get(statusUrl, studio.server).json();
    }
    return job;
  }
}
