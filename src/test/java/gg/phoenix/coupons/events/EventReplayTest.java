package gg.phoenix.coupons.events;

import static gg.phoenix.coupons.support.Credentials.hmac;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /v1/coupons/{tenant}/events: a tenant's published events replayed from the retained outbox, in the order of
 * its Redis stream, for the tenant's servers only. Four relays run in the process, so that batches compete.
 */
class EventReplayTest {

  private static final JsonObject RESYNC = new JsonObject().put("error", "resync_required");

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject().put("OUTBOX_RELAY_INSTANCES", 4).put("OUTBOX_GATHER_MS", 0));

  @Fixture private static Api api;
  @Fixture private static Streams streams;

  @Fixture private Seed.Tenant tenant;
  private UUID definition;

  @BeforeEach
  void seed() {
    definition = Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), DefinitionSpec.singleUse());
  }

  private CompletableFuture<Api.Response> redeemAsync(Seed.Tenant owner, int player) {
    String code = Seed.uniqueCode("REPLAY");
    UUID ownDefinition = owner == tenant ? definition
        : Seed.definition(owner.id(), Seed.rewardItem(owner.id()), DefinitionSpec.singleUse());
    Seed.coupon(owner.id(), ownDefinition, "player-" + player, code);
    return api.sendAsync("POST", "/v1/coupons/" + owner.id() + "/redeem/" + code,
        new JsonObject().put("user_id", "player-" + player).encode(), hmac(owner.id(), owner.secret()), List.of());
  }

  /** n redemptions at once; answers the stream's entries once all n are on it and their publication has committed. */
  private List<Streams.Entry> published(int n) {
    List<CompletableFuture<Api.Response>> sent = IntStream.range(0, n).mapToObj(i -> redeemAsync(tenant, i)).toList();
    assertThat(sent).allSatisfy(r -> assertThat(r.join().status()).as(r.join().body()).isEqualTo(200));
    List<Streams.Entry> entries = streams.await(tenant.id(), e -> e.size() >= n, Duration.ofSeconds(20));
    awaitPublicationCommitted(tenant);
    return entries;
  }

  /** The relay adds to the stream before the transaction that marks the events published commits. */
  private static void awaitPublicationCommitted(Seed.Tenant owner) {
    Streams.until("the relay's publication committed", Duration.ofSeconds(10), () -> Seed.count(
        "SELECT count(*) FROM outbox_events WHERE tenant_id = ? AND publish_batch IS NULL", owner.id()) == 0);
  }

  private Api.Response events(String query) {
    return api.get("/v1/coupons/" + tenant.id() + "/events" + query, hmac(tenant.id(), tenant.secret()));
  }

  private static List<String> ids(Api.Response page) {
    return page.json().getJsonArray("events").stream().map(e -> ((JsonObject) e).getString("event_id")).toList();
  }

  @Test
  @DisplayName("60 concurrent redemptions relayed by 4 relays are replayed in exactly the order of the stream, as on the stream")
  void streamOrder() {
    List<Streams.Entry> stream = published(60);

    // The relay adds to the stream before its transaction commits: the replay shows an event a moment later.
    Streams.until("the replay shows the 60 events", Duration.ofSeconds(10), () -> ids(events("?limit=1000")).size() >= 60);
    Api.Response all = events("?limit=1000");

    assertThat(all.status()).as(all.body()).isEqualTo(200);
    assertThat(ids(all)).containsExactlyElementsOf(stream.stream().map(Streams.Entry::eventId).toList());
    assertThat(all.json().getJsonArray("events").stream().toList()).containsExactlyElementsOf(stream.stream().map(Streams.Entry::event).toList());
    assertThat(all.json().getBoolean("has_more")).isFalse();
    assertThat(all.json().getString("next_after")).isEqualTo(stream.get(59).eventId());
  }

  @Test
  @DisplayName("pages of limit events follow each other with next_after, has_more false on the last, and an empty page after the newest event")
  void paging() {
    List<String> stream = published(5).stream().map(Streams.Entry::eventId).toList();

    Api.Response first = events("?limit=2");
    Api.Response second = events("?limit=2&after=" + first.json().getString("next_after"));
    Api.Response third = events("?limit=2&after=" + second.json().getString("next_after"));
    Api.Response past = events("?after=" + stream.get(4));

    assertThat(ids(first)).containsExactlyElementsOf(stream.subList(0, 2));
    assertThat(ids(second)).containsExactlyElementsOf(stream.subList(2, 4));
    assertThat(ids(third)).containsExactlyElementsOf(stream.subList(4, 5));
    assertThat(List.of(first, second, third).stream().map(p -> p.json().getBoolean("has_more"))).containsExactly(true, true, false);
    assertThat(past.status()).isEqualTo(200);
    assertThat(past.json()).isEqualTo(new JsonObject().put("events", new ArrayList<>()).put("has_more", false)
        .put("next_after", stream.get(4)));
  }

  @Test
  @DisplayName("a tenant replays only its own events, and another tenant's event id as after answers 410 resync_required")
  void ownEventsOnly() {
    Seed.Tenant other = Seed.tenant();
    assertThat(redeemAsync(other, 1).join().status()).isEqualTo(200);
    String othersEvent = streams.await(other.id(), e -> e.size() == 1, Duration.ofSeconds(20)).get(0).eventId();
    awaitPublicationCommitted(other);
    List<Streams.Entry> mine = published(2);
    streams.delete(other.id());

    Api.Response all = events("");
    Api.Response withOthers = events("?after=" + othersEvent);

    assertThat(ids(all)).containsExactlyElementsOf(mine.stream().map(Streams.Entry::eventId).toList());
    assertThat(withOthers.status()).isEqualTo(410);
    assertThat(withOthers.json().getString("error")).isEqualTo(RESYNC.getString("error"));
  }

  @Test
  @DisplayName("an after published longer ago than OUTBOX_RETENTION_SECONDS answers 410 resync_required, even while its row is still kept")
  void expiredCursor() {
    List<Streams.Entry> stream = published(2);
    Seed.update("UPDATE outbox_events SET published_at = now() - interval '2 days' WHERE event_id = ?::uuid", stream.get(0).eventId());

    Api.Response expired = events("?after=" + stream.get(0).eventId());
    Api.Response unknown = events("?after=" + UUID.randomUUID());

    assertThat(expired.status()).isEqualTo(410);
    assertThat(expired.json().getString("error")).isEqualTo("resync_required");
    assertThat(expired.json().getString("message")).contains("86400 seconds").contains("Resynchronise").contains("leave out after");
    assertThat(unknown.status()).isEqualTo(410);
  }

  @Test
  @DisplayName("an after whose publication has not committed yet (read off the stream a moment early) answers an empty page at that event, not 410")
  void afterNotYetCommitted() throws Exception {
    UUID pending = UUID.randomUUID();
    try (Connection relays = TestBackends.get().jdbc(); Statement st = relays.createStatement()) {
      // The relays take turns under this lock: held here, none can mark the event published.
      st.execute("SELECT pg_advisory_lock(hashtext('outbox relay " + TestBackends.get().schema + "'))");
      Seed.update("INSERT INTO outbox_events (event_id, type, tenant_id, payload) VALUES (?, 'coupon.redeemed', ?, '{}'::jsonb)",
          pending, tenant.id());

      Api.Response early = events("?after=" + pending);

      assertThat(early.status()).as(early.body()).isEqualTo(200);
      assertThat(early.json()).isEqualTo(new JsonObject().put("events", new ArrayList<>()).put("has_more", false)
          .put("next_after", pending.toString()));
    }
  }

  @Test
  @DisplayName("a player's JWT and a server JWT both get 403; HMAC from another tenant gets 403 too")
  void serverCredentialsOnly() {
    published(1);
    String path = "/v1/coupons/" + tenant.id() + "/events";
    Seed.Tenant other = Seed.tenant();

    Api.Response player = api.get(path, Credentials.bearer(Credentials.tenantJwt(tenant.id(), tenant.secret(), "player-0", 600)));
    Api.Response serverJwt = api.get(path, Credentials.bearer(Credentials.tenantJwt(tenant.id(), tenant.secret(), null, 600)));
    Api.Response otherTenant = api.get(path, hmac(other.id(), other.secret()));

    assertThat(player.status()).as(player.body()).isEqualTo(403);
    assertThat(serverJwt.status()).as(serverJwt.body()).isEqualTo(403);
    assertThat(otherTenant.status()).as(otherTenant.body()).isEqualTo(403);
    assertThat(player.body()).doesNotContain("event_id");
  }

  @Test
  @DisplayName("an after that is not one UUID, and a limit that is not a whole number from 1, answer 400 with the usual error shape")
  void badInput() {
    Api.Response notUuid = events("?after=12");
    Api.Response twice = events("?after=" + UUID.randomUUID() + "&after=" + UUID.randomUUID());
    Api.Response injection = events("?after=" + "x'%20OR%201=1--");
    Api.Response zero = events("?limit=0");

    for (Api.Response bad : List.of(notUuid, twice, injection)) {
      assertThat(bad.status()).as(bad.body()).isEqualTo(400);
      assertThat(bad.json()).isEqualTo(new JsonObject().put("error", "invalid_after")
          .put("message", "after must be one event_id (a UUID) the tenant received"));
    }
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.json().getString("error")).isEqualTo("invalid_limit");
  }
}
