package gg.phoenix.coupons.events;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How the relays are woken without a NOTIFY in the writers' transactions: in-process after the commit, by the
 * notifier of another process, and, when a wake-up is lost, by the poll. The services poll every ten minutes, so an
 * event that arrives within seconds was woken.
 */
class OutboxWakeupTest {

  private static final Duration PROMPTLY = Duration.ofSeconds(3);

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("OUTBOX_POLL_MS", 600_000));

  /** A second process on the same database that writes events and relays none. */
  @RegisterExtension
  static final TestService WRITER_ONLY = TestService.another(new JsonObject()
      .put("OUTBOX_POLL_MS", 600_000).put("OUTBOX_RELAY_INSTANCES", 0).put("WEBHOOK_SENDERS", 0));

  @Fixture private static Api api;
  @Fixture private static Streams streams;
  @Fixture private static Vertx vertx;

  @Fixture private TenantFixture t;

  private Api.Response redeem(Api through) {
    String code = Seed.uniqueCode("WAKE");
    Seed.coupon(t.id(), Seed.definition(t.id(), t.item, DefinitionSpec.singleUse()), "user_1", code);
    return through.post("/v1/coupons/" + t.id() + "/redeem/" + code, new JsonObject().put("user_id", "user_1"), t.hmac());
  }

  /** Inserts one event as another process's transaction would, without waking anyone; answers its event_id. */
  private String insertEvent() {
    String eventId = UUID.randomUUID().toString();
    Seed.update("""
        INSERT INTO outbox_events (event_id, type, tenant_id, payload)
        VALUES (?::uuid, 'coupon.redeemed', ?, jsonb_build_object('event_id', ?::text, 'type', 'coupon.redeemed', 'tenant_id', ?::text))
        """, eventId, t.id(), eventId, t.id());
    return eventId;
  }

  private static String schema() {
    return (String) Seed.scalar("SELECT current_schema()");
  }

  @Test
  @DisplayName("after the migrations outbox_events has no trigger and no notify function is left")
  void noNotifyTrigger() {
    assertThat(Seed.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'outbox_events'::regclass AND NOT tgisinternal"))
        .isZero();
    assertThat(Seed.scalar("SELECT to_regproc('outbox_events_notify')::text")).isNull();
  }

  private void assertRelayedPromptly(Api.Response redeemed) {
    assertThat(redeemed.status()).isEqualTo(200);
    List<Streams.Entry> entries = streams.await(t.id(), e -> e.size() == 1, PROMPTLY);
    assertThat(entries.get(0).event().getString("redemption_id")).isEqualTo(redeemed.json().getString("redemption_id"));
  }

  @Test
  @DisplayName("a redemption's event reaches the stream within seconds though nothing in its transaction notifies")
  void redemptionWakesTheRelayOfItsProcess() {
    assertRelayedPromptly(redeem(api));
  }

  @Test
  @DisplayName("a redemption in a process without relays is relayed within seconds by another process, woken by its NOTIFY")
  void redemptionElsewhereWakesThisRelay() {
    assertRelayedPromptly(redeem(WRITER_ONLY.api()));
  }

  @Test
  @DisplayName("an event inserted and notified by another process (raw INSERT, then pg_notify) is relayed within seconds")
  void rawInsertAndNotify() {
    String eventId = insertEvent();
    Seed.scalar("SELECT pg_notify(?, 'another process')::text", OutboxRelayVerticle.channel(schema()));

    assertThat(streams.await(t.id(), e -> e.size() == 1, PROMPTLY).get(0).eventId()).isEqualTo(eventId);
  }

  @Test
  @DisplayName("an event whose wake-up was lost is relayed by the next poll")
  void lostWakeupIsPolled() throws Exception {
    String polling = vertx.deployVerticle(new OutboxRelayVerticle(ServiceConfig.from(TestApp.config(
        new JsonObject().put("OUTBOX_POLL_MS", 200))))).await(10, TimeUnit.SECONDS);
    try {
      Streams.sleep(500); // past the relay's first drain at start, so that only its poll can find the event
      String eventId = insertEvent();

      assertThat(streams.await(t.id(), e -> e.size() == 1, PROMPTLY).get(0).eventId()).isEqualTo(eventId);
    } finally {
      vertx.undeploy(polling).await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("an event nobody wakes a relay for stays pending while the only relay polls every ten minutes")
  void withoutWakeupNothingIsRelayed() {
    String eventId = insertEvent();
    Streams.sleep(1_500);

    assertThat(streams.entries(t.id())).isEmpty();
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE event_id = ?::uuid AND published_at IS NULL", eventId)).isOne();
  }

  /** Ends the relays' LISTEN sessions on this run's channel, as a PostgreSQL restart or a dropped connection would. */
  private static long dropListeners() {
    return Seed.count("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query = ?",
        "LISTEN \"" + OutboxRelayVerticle.channel(schema()) + "\"");
  }

  @Test
  @DisplayName("a NOTIFY lost while PostgreSQL dropped the relays' LISTEN session is caught up when it reconnects, and later ones wake it again, within seconds though the poll is ten minutes")
  void listenSessionDropped() {
    assertThat(dropListeners()).isPositive();
    String lost = insertEvent();
    Seed.scalar("SELECT pg_notify(?, 'another process')::text", OutboxRelayVerticle.channel(schema()));
    assertThat(streams.await(t.id(), e -> e.size() == 1, PROMPTLY).get(0).eventId()).isEqualTo(lost);

    String later = insertEvent();
    Seed.scalar("SELECT pg_notify(?, 'another process')::text", OutboxRelayVerticle.channel(schema()));
    assertThat(streams.await(t.id(), e -> e.size() == 2, PROMPTLY).get(1).eventId()).isEqualTo(later);
  }
}
