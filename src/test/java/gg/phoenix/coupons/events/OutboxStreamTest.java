package gg.phoenix.coupons.events;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redemptions and their coupon.redeemed events, end to end: HTTP → PostgreSQL outbox → relay → Redis stream.
 * Polling is set to a minute, so events that arrive quickly were woken by LISTEN/NOTIFY.
 */
class OutboxStreamTest {

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("OUTBOX_POLL_MS", 60_000));

  @Fixture private static Api api;
  @Fixture private static Streams streams;
  @Fixture private static Vertx vertx;

  /** A fresh tenant for each test, with the guide's reward item. */
  @Fixture private TenantFixture t;

  private String coupon(DefinitionSpec spec, String userId) {
    String code = Seed.uniqueCode("WELCOME");
    Seed.coupon(t.id(), Seed.definition(t.id(), t.item, spec), userId, code);
    return code;
  }

  private Api.Response redeem(String code, String userId) {
    return api.post("/v1/coupons/" + t.id() + "/redeem/" + code, new JsonObject().put("user_id", userId), t.hmac());
  }

  @Test
  @DisplayName("N committed redemptions put exactly N distinct event_ids on the tenant's stream, one per redemption_id")
  void oneEventPerRedemption() {
    int n = 25;
    List<String> redemptionIds = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Api.Response response = redeem(coupon(DefinitionSpec.singleUse(), "user_" + i), "user_" + i);
      assertThat(response.status()).isEqualTo(200);
      redemptionIds.add(response.json().getString("redemption_id"));
    }

    List<Streams.Entry> entries = streams.await(t.id(), e -> e.size() >= n, Duration.ofSeconds(10));
    Streams.sleep(300); // anything extra would show up now

    entries = streams.entries(t.id());
    assertThat(entries).hasSize(n);
    assertThat(entries.stream().map(Streams.Entry::eventId).collect(Collectors.toSet())).hasSize(n);
    assertThat(entries).allSatisfy(e -> {
      assertThat(e.type()).isEqualTo("coupon.redeemed");
      assertThat(e.tenantId()).isEqualTo(t.id());
      assertThat(e.event().getString("event_id")).isEqualTo(e.eventId());
    });
    assertThat(entries.stream().map(e -> e.event().getString("redemption_id")).toList())
        .containsExactlyInAnyOrderElementsOf(redemptionIds);
  }

  /** The three ways a coupon of its own is redeemed: the one statement, the guarded way of a capped definition, with an Idempotency-Key. */
  enum Way { ONE_STATEMENT, TOTAL_CAP, IDEMPOTENCY_KEY }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Way.class)
  @DisplayName("the coupon.redeemed event carries the redemption, the coupon as the redeem answer shows it, the reward item and reward_items (that one item), whichever way the use was consumed")
  void eventShape(Way way) {
    DefinitionSpec spec = way == Way.TOTAL_CAP
        ? new DefinitionSpec("Welcome Bonus", false, 1, 10, "active", null, null) : DefinitionSpec.singleUse();
    String code = coupon(spec, "user_123");
    JsonObject answer = (way == Way.IDEMPOTENCY_KEY
        ? api.send("POST", "/v1/coupons/" + t.id() + "/redeem/" + code, new JsonObject().put("user_id", "user_123").encode(),
            t.hmac(), List.of("Idempotency-Key", UUID.randomUUID().toString()))
        : redeem(code, "user_123")).json();

    JsonObject event = streams.await(t.id(), e -> e.size() == 1, Duration.ofSeconds(10)).get(0).event();

    assertThat(event.fieldNames()).containsExactlyInAnyOrder("event_id", "type", "tenant_id", "occurred_at", "user_id",
        "redemption_id", "coupon", "reward_item", "reward_items");
    assertThat(event.getString("type")).isEqualTo("coupon.redeemed");
    assertThat(event.getString("tenant_id")).isEqualTo(t.id());
    assertThat(event.getString("user_id")).isEqualTo("user_123");
    assertThat(event.getString("redemption_id")).isEqualTo(answer.getString("redemption_id"));
    assertThat(event.getString("occurred_at")).isEqualTo(answer.getString("redeemed_at"));
    JsonObject expectedCoupon = answer.copy();
    expectedCoupon.remove("redemption_id");
    assertThat(event.getJsonObject("coupon")).isEqualTo(expectedCoupon);
    assertThat(event.getJsonObject("coupon").getString("status")).isEqualTo("redeemed");
    assertThat(event.getJsonObject("coupon").getInteger("redemption_count")).isEqualTo(1);
    assertThat(event.getJsonObject("reward_item")).isEqualTo(answer.getJsonObject("reward_item"));
    assertThat(event.getJsonObject("reward_item").getJsonObject("payload")).isEqualTo(new JsonObject().put("amount", 100));
    assertThat(event.getJsonArray("reward_items")).isEqualTo(new io.vertx.core.json.JsonArray().add(answer.getJsonObject("reward_item")));
  }

  @Test
  @DisplayName("failed redemptions (used, expired, unknown, lost races) write no event")
  void noEventForFailures() {
    String used = coupon(DefinitionSpec.singleUse(), "user_1");
    assertThat(redeem(used, "user_1").status()).isEqualTo(200);
    assertThat(redeem(used, "user_1").status()).isEqualTo(400);
    String expired = coupon(DefinitionSpec.singleUse().window(null, Instant.now().minus(1, ChronoUnit.DAYS)), "user_1");
    assertThat(redeem(expired, "user_1").status()).isEqualTo(400);
    assertThat(redeem("NOPE" + Seed.uniqueCode("X"), "user_1").status()).isEqualTo(404);
    String contested = coupon(DefinitionSpec.singleUse(), "user_2");
    String body = new JsonObject().put("user_id", "user_2").encode();
    List<Api.Response> race = IntStream.range(0, 30)
        .mapToObj(i -> api.sendAsync("POST", "/v1/coupons/" + t.id() + "/redeem/" + contested, body, t.hmac(), List.of()))
        .toList().stream().map(CompletableFuture::join).toList();
    assertThat(race).filteredOn(r -> r.status() == 200).hasSize(1);

    streams.await(t.id(), e -> e.size() >= 2, Duration.ofSeconds(10));
    Streams.sleep(500);

    assertThat(streams.entries(t.id())).hasSize(2);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE tenant_id = ?", t.id())).isEqualTo(2);
  }

  @Test
  @DisplayName("an event is on the stream well under a second after the redemption answered, woken by NOTIFY")
  void fastWakeUp() {
    // the relay polls once a minute in this class: only the NOTIFY of the outbox trigger can be this quick
    String code = coupon(DefinitionSpec.singleUse(), "user_1");
    Streams.sleep(200);
    assertThat(redeem(code, "user_1").status()).isEqualTo(200);
    long answered = System.nanoTime();

    streams.await(t.id(), e -> e.size() == 1, Duration.ofSeconds(5));

    assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(Duration.ofMillis(900));
  }

  @Test
  @DisplayName("published events reach in-process consumers on the event bus with the same event_id as on the stream")
  void eventBus() throws Exception {
    List<JsonObject> seen = new CopyOnWriteArrayList<>();
    MessageConsumer<JsonObject> consumer = vertx.eventBus().consumer(Addresses.EVENTS, msg -> {
      if (t.id().equals(msg.headers().get("tenant_id"))) {
        seen.add(msg.body());
      }
    });
    consumer.completion().await(5, TimeUnit.SECONDS);
    try {
      redeem(coupon(DefinitionSpec.singleUse(), "user_1"), "user_1");

      String onStream = streams.await(t.id(), e -> e.size() == 1, Duration.ofSeconds(10)).get(0).eventId();
      Streams.until("the event-bus consumer saw the event", Duration.ofSeconds(5), () -> !seen.isEmpty());

      assertThat(seen).hasSize(1);
      assertThat(seen.get(0).getString("event_id")).isEqualTo(onStream);
      assertThat(Set.of(seen.get(0).getString("type"))).containsExactly("coupon.redeemed");
    } finally {
      consumer.unregister();
    }
  }
}
