package gg.phoenix.coupons.events;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The relay on its own: crashes mid-batch, several instances, retention. Events are written straight into the
 * outbox (as {@link Outbox#write} would), and the relays are deployed by each test.
 */
class OutboxRelayTest {

  /** The whole service, with no relay of its own, so that the schema exists and only the tests' relays run. */
  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("OUTBOX_RELAY_INSTANCES", 0).put("WEBHOOK_SENDERS", 0));

  @Fixture private static Streams streams;

  @Fixture private Seed.Tenant tenant;
  private final List<String> relays = new ArrayList<>();
  private final List<Vertx> deployedOn = new ArrayList<>();

  @BeforeAll
  static void settlePending() {
    // Other test classes share this run's schema; whatever they left pending would join the batches counted here.
    Seed.update("UPDATE outbox_events SET published_at = now(), published_by = 'settled by OutboxRelayTest' WHERE published_at IS NULL");
  }

  @AfterEach
  void stopRelays() throws Exception {
    for (int i = 0; i < relays.size(); i++) {
      if (deployedOn.get(i).deploymentIDs().contains(relays.get(i))) {
        deployedOn.get(i).undeploy(relays.get(i)).await(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Inserts n events of the tenant in one statement, as n committed transactions would have. */
  private void writeEvents(int n) {
    Seed.update("""
        INSERT INTO outbox_events (event_id, type, tenant_id, payload)
        SELECT id, 'coupon.redeemed', ?, jsonb_build_object('event_id', id, 'type', 'coupon.redeemed', 'tenant_id', ?::text, 'n', n)
        FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ?) AS n) AS e
        """, tenant.id(), tenant.id(), n);
  }

  private long pending() {
    return Seed.count("SELECT count(*) FROM outbox_events WHERE tenant_id = ? AND published_at IS NULL", tenant.id());
  }

  private long relaysThatPublished() {
    return Seed.count("SELECT count(DISTINCT published_by) FROM outbox_events WHERE tenant_id = ?", tenant.id());
  }

  private static JsonObject relayConfig(int batchSize, long pollMs) throws Exception {
    return TestApp.config(new JsonObject().put("OUTBOX_BATCH_SIZE", batchSize).put("OUTBOX_POLL_MS", pollMs));
  }

  private static Map<String, Long> countByEventId(List<Streams.Entry> entries) {
    return entries.stream().collect(Collectors.groupingBy(Streams.Entry::eventId, Collectors.counting()));
  }

  /** A relay that puts half of its first batch on the stream and dies before marking anything published. */
  static class CrashingRelay extends OutboxRelayVerticle {
    CrashingRelay(ServiceConfig config) {
      super(config);
    }

    @Override
    protected Future<Void> publish(List<OutboxEvent> batch) {
      return super.publish(batch.subList(0, batch.size() / 2)).compose(v -> {
        vertx.undeploy(deploymentID());
        return Future.failedFuture("relay crashed mid-batch");
      });
    }
  }

  @Test
  @DisplayName("a relay that dies half-way through a batch leaves it to the next: every event on the stream, repeats only of the same event_id")
  void crashMidBatch(Vertx vertx) throws Exception {
    writeEvents(50);
    Set<String> written = Seed.strings("SELECT event_id::text FROM outbox_events WHERE tenant_id = ?", tenant.id());

    String crashed = deployRelay(vertx, new CrashingRelay(ServiceConfig.from(relayConfig(20, 60_000))));
    Streams.until("the crashing relay is gone", Duration.ofSeconds(10), () -> !vertx.deploymentIDs().contains(crashed));
    assertThat(streams.entries(tenant.id())).hasSize(10);
    assertThat(pending()).isEqualTo(50);

    deployRelay(vertx, new OutboxRelayVerticle(ServiceConfig.from(relayConfig(20, 100))));
    Streams.until("every event published", Duration.ofSeconds(10), () -> pending() == 0);

    List<Streams.Entry> entries = streams.entries(tenant.id());
    Map<String, Long> counts = countByEventId(entries);
    assertThat(counts.keySet()).isEqualTo(written);
    assertThat(entries).hasSize(60);
    assertThat(counts.values().stream().filter(c -> c == 2)).hasSize(10);
    // a repeated entry is the same event, not merely the same id
    Map<String, List<Streams.Entry>> byId = entries.stream().collect(Collectors.groupingBy(Streams.Entry::eventId));
    byId.values().forEach(same -> assertThat(same.stream().map(Streams.Entry::event).distinct()).hasSize(1));
  }

  @Test
  @DisplayName("two relays in two processes share the outbox: both publish, and no event is published twice")
  void twoRelays(Vertx vertx) throws Exception {
    Vertx other = Vertx.vertx();
    try {
      deployRelay(vertx, new OutboxRelayVerticle(ServiceConfig.from(relayConfig(10, 50))));
      other.deployVerticle(new OutboxRelayVerticle(ServiceConfig.from(relayConfig(10, 50)))).await(10, TimeUnit.SECONDS);

      // which relay wins the lock for a wake-up is up to timing, so events arrive in rounds until both have relayed
      int written = 0;
      for (int round = 0; round < 40 && relaysThatPublished() < 2; round++) {
        writeEvents(60);
        written += 60;
        Streams.until("every event published", Duration.ofSeconds(30), () -> pending() == 0);
      }

      List<Streams.Entry> entries = streams.entries(tenant.id());
      assertThat(entries).hasSize(written);
      assertThat(countByEventId(entries)).hasSize(written);
      assertThat(relaysThatPublished()).isEqualTo(2);
    } finally {
      other.close().await(10, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("published events are deleted from the outbox after the configured retention; pending ones stay")
  void retention(Vertx vertx) throws Exception {
    deployRelay(vertx, new OutboxRelayVerticle(ServiceConfig.from(relayConfig(100, 100).put("OUTBOX_RETENTION_SECONDS", 2))));
    writeEvents(5);
    Streams.until("the events are published", Duration.ofSeconds(10), () -> pending() == 0);
    assertThat(Seed.count("SELECT count(*) FROM outbox_events WHERE tenant_id = ?", tenant.id())).isEqualTo(5);

    Streams.until("published events deleted", Duration.ofSeconds(10),
        () -> Seed.count("SELECT count(*) FROM outbox_events WHERE tenant_id = ?", tenant.id()) == 0);
    assertThat(streams.entries(tenant.id())).hasSize(5);
  }

  @Test
  @DisplayName("the stream is trimmed to about EVENTS_STREAM_MAXLEN entries")
  void trimming(Vertx vertx) throws Exception {
    deployRelay(vertx, new OutboxRelayVerticle(ServiceConfig.from(relayConfig(500, 100).put("EVENTS_STREAM_MAXLEN", 100))));
    writeEvents(2000);
    Streams.until("every event published", Duration.ofSeconds(20), () -> pending() == 0);

    // MAXLEN ~ trims whole macro-nodes (100 entries by default), so the length stays near the bound, never near 2000
    assertThat(streams.entries(tenant.id()).size()).isBetween(100, 300);
  }

  private String deployRelay(Vertx vertx, io.vertx.core.Deployable relay) throws Exception {
    String id = vertx.deployVerticle(relay).await(10, TimeUnit.SECONDS);
    relays.add(id);
    deployedOn.add(vertx);
    return id;
  }
}
