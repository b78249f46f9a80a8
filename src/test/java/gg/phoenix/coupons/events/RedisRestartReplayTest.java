package gg.phoenix.coupons.events;

import static gg.phoenix.coupons.support.Credentials.hmac;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.PrivateRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestApp;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis killed (SIGKILL) between the publication of events and their consumption, on a redis-server of the test's
 * own: without persistence the stream and its unread events are gone, and the consumer recovers every one from
 * GET /events?after=<the last event it read>; with the append-only file of docker/compose.yaml they survive.
 */
@ExtendWith(VertxExtension.class)
class RedisRestartReplayTest {

  private Vertx service;
  private PrivateRedis redis;
  private Streams streams;
  private Api api;
  private Seed.Tenant tenant;
  private UUID definition;

  private void start(PrivateRedis privateRedis) throws Exception {
    redis = privateRedis;
    service = Vertx.vertx();
    api = TestApp.start(service, new JsonObject().put("REDIS_URL", redis.url()).put("OUTBOX_POLL_MS", 200));
    streams = new Streams(service, redis.url());
    tenant = Seed.tenant();
    definition = Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), DefinitionSpec.singleUse());
  }

  @AfterEach
  void stop() throws Exception {
    streams.close();
    service.close().await(30, TimeUnit.SECONDS);
    redis.close();
  }

  /** Redeems a coupon of a new player's own; answers the redemption id. */
  private String redeem(int player) {
    String code = Seed.uniqueCode("RESTART");
    Seed.coupon(tenant.id(), definition, "player-" + player, code);
    Api.Response answer = api.post("/v1/coupons/" + tenant.id() + "/redeem/" + code,
        new JsonObject().put("user_id", "player-" + player), hmac(tenant.id(), tenant.secret()));
    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    return answer.json().getString("redemption_id");
  }

  private List<Streams.Entry> awaitEntries(int count) {
    return streams.await(tenant.id(), entries -> entries.size() >= count, Duration.ofSeconds(20));
  }

  /** Every event after {@code after}, page by page of {@code limit}, as a consumer that lost its place reads them. */
  private List<JsonObject> replay(String after, int limit) {
    List<JsonObject> events = new ArrayList<>();
    while (true) {
      String query = "?limit=" + limit + (after == null ? "" : "&after=" + after);
      Api.Response page = api.get("/v1/coupons/" + tenant.id() + "/events" + query, hmac(tenant.id(), tenant.secret()));
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      page.json().getJsonArray("events").forEach(event -> events.add((JsonObject) event));
      after = page.json().getString("next_after");
      if (!page.json().getBoolean("has_more")) {
        return events;
      }
    }
  }

  private static List<String> eventIds(List<JsonObject> events) {
    return events.stream().map(e -> e.getString("event_id")).toList();
  }

  @Test
  @DisplayName("Redis without persistence killed after 5 events were published and 2 read: the 3 unread are gone from the stream, and GET /events after the last one read returns them and the events since, in stream order")
  void unreadEventsReplayedAfterKill() throws Exception {
    start(PrivateRedis.inMemory());
    for (int i = 0; i < 5; i++) {
      redeem(i);
    }
    List<Streams.Entry> published = awaitEntries(5);
    String lastRead = published.get(1).eventId(); // the consumer has handled the first two

    redis.kill();
    redis.start();
    assertThat(redis.cli("EXISTS", Streams.key(tenant.id()))).as("the stream after the restart").isEqualTo("0");
    redeem(5);
    redeem(6);
    List<Streams.Entry> afterRestart = awaitEntries(2);
    // A relay adds to the stream before its transaction commits: the replay shows an event a moment later.
    Streams.until("the replay shows the 5 events", Duration.ofSeconds(10), () -> replay(lastRead, 100).size() >= 5);

    List<JsonObject> replayed = replay(lastRead, 2);

    List<Streams.Entry> expected = new ArrayList<>(published.subList(2, 5));
    expected.addAll(afterRestart);
    assertThat(eventIds(replayed)).containsExactlyElementsOf(expected.stream().map(Streams.Entry::eventId).toList());
    assertThat(replayed).containsExactlyElementsOf(expected.stream().map(Streams.Entry::event).toList());
  }

  @Test
  @DisplayName("Redis with the compose file's append-only file (fsync every second) killed a second after 5 events were published: the stream still has all 5")
  void appendOnlyFileKeepsTheStream() throws Exception {
    start(PrivateRedis.appendOnlyEverySecond());
    for (int i = 0; i < 5; i++) {
      redeem(i);
    }
    List<Streams.Entry> published = awaitEntries(5);
    Thread.sleep(1_500); // the loss window: what was written in the last second before a crash may be lost

    redis.kill();
    redis.start();

    assertThat(streams.entries(tenant.id())).containsExactlyElementsOf(published);
    Streams.until("the replay shows the 5 events", Duration.ofSeconds(10), () -> replay(null, 100).size() >= 5);
    assertThat(eventIds(replay(null, 100))).containsExactlyElementsOf(published.stream().map(Streams.Entry::eventId).toList());
  }
}
