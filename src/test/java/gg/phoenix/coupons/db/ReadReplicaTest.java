package gg.phoenix.coupons.db;

import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.StreamingReplica;
import gg.phoenix.coupons.support.Streams;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The read-only endpoints against a real streaming replica (made with pg_basebackup, {@link StreamingReplica}):
 * which server answered is seen from what it holds, with replay paused on the replica, and from
 * {@link ReadRouting}'s counts of the reads each pool served.
 */
class ReadReplicaTest {

  /** Well above the second or two a replica on a loaded two-core machine may fall behind by itself. */
  private static final long MAX_LAG_MS = 5000;

  @RegisterExtension
  @Order(1)
  static final StreamingReplica REPLICA = new StreamingReplica();

  @RegisterExtension
  @Order(2)
  static final TestService SERVICE = TestService.with(REPLICA.serviceConfig()
      .put("PG_REPLICA_MAX_LAG_MS", MAX_LAG_MS).put("PG_REPLICA_LAG_CHECK_MS", 100));

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private final String player = Seed.uniqueId("player");

  @AfterEach
  void replaying() {
    REPLICA.resumeReplay();
  }

  /** Which pool served a read: the counts before and after it. */
  private record Served(Api.Response response, long byReplica, long byPrimary) {

    static Served by(Supplier<Api.Response> read) {
      long replica = ReadRouting.SERVED_BY_REPLICA.get();
      long primary = ReadRouting.SERVED_BY_PRIMARY.get();
      Api.Response response = read.get();
      return new Served(response, ReadRouting.SERVED_BY_REPLICA.get() - replica, ReadRouting.SERVED_BY_PRIMARY.get() - primary);
    }

    boolean replica() {
      return byReplica == 1 && byPrimary == 0;
    }

    boolean primary() {
      return byPrimary == 1 && byReplica == 0;
    }
  }

  private Api.Response coupons(String userId) {
    return api.get(t.path("/user/" + userId), t.server());
  }

  private static List<String> ids(Api.Response list) {
    return list.json().getJsonArray("coupons").stream().map(c -> ((JsonObject) c).getString("id")).toList();
  }

  /** The read asked again until it is served as {@code wanted} says, for up to 60 s. */
  private static Served await(Supplier<Api.Response> read, Predicate<Served> wanted, String what) {
    long deadline = System.currentTimeMillis() + 60_000;
    Served served = Served.by(read);
    while (!wanted.test(served)) {
      assertThat(System.currentTimeMillis()).as(what + "; last answer " + served).isLessThan(deadline);
      Streams.sleep(50);
      served = Served.by(read);
    }
    return served;
  }

  /** Seeded on the primary, then waited for until a read of the player's coupons is served by the replica with it. */
  private Coupon onBoth(String userId) {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), userId, Seed.uniqueCode("REPLICA"));
    await(() -> coupons(userId), s -> s.replica() && ids(s.response()).contains(coupon.id().toString()),
        "the replica serves the player's coupons with the seeded one");
    return coupon;
  }

  @Test
  @DisplayName("a player's coupons are read from the replica while it is fresh: a coupon committed after its replay paused is missing, then, once its lag passes PG_REPLICA_MAX_LAG_MS, read from the primary, and from the replica again once it caught up")
  void replicaWhileFresh() {
    Coupon first = onBoth(player);
    REPLICA.pauseReplay();
    Coupon second = t.coupon(DefinitionSpec.singleUse(), player, Seed.uniqueCode("PRIMARY"));

    Served stale = Served.by(() -> coupons(player));
    assertThat(stale.replica()).as(stale.toString()).isTrue();
    assertThat(ids(stale.response())).containsExactly(first.id().toString());

    Served fresh = await(() -> coupons(player), s -> ids(s.response()).contains(second.id().toString()),
        "a read with both coupons, from the primary");
    assertThat(fresh.primary()).as(fresh.toString()).isTrue();

    REPLICA.resumeReplay();
    Served caughtUp = await(() -> coupons(player), Served::replica, "the replica serving again once caught up");
    assertThat(ids(caughtUp.response())).containsExactlyInAnyOrder(first.id().toString(), second.id().toString());
  }

  @Test
  @DisplayName("a player who redeems and at once reads their coupons, one coupon and their history sees the redemption while the replica's replay is paused")
  void readYourRedemption() {
    Coupon coupon = onBoth(player);
    REPLICA.pauseReplay();

    Api.Response redeemed = api.post(t.path("/redeem/" + coupon.code()), userBody(player), t.server());
    assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);

    Served list = Served.by(() -> coupons(player));
    Served one = Served.by(() -> api.get(t.path("/user/" + player + "/" + coupon.id()), t.server()));
    Served history = Served.by(() -> api.get(t.path("/user/" + player + "/redemptions"), t.server()));
    JsonObject listed = list.response().json().getJsonArray("coupons").getJsonObject(0);
    assertThat(listed.getString("status")).as(list.toString()).isEqualTo("redeemed");
    assertThat(listed.getInteger("redemption_count")).isEqualTo(1);
    assertThat(one.response().json().getString("status")).as(one.toString()).isEqualTo("redeemed");
    assertThat(history.response().json().getInteger("total")).as(history.toString()).isEqualTo(1);
    assertThat(List.of(list, one, history)).allSatisfy(s -> assertThat(s.primary()).as(s.toString()).isTrue());
    assertThat(onReplica(coupon.id())).as("the replica has not replayed the redemption").isEqualTo("active");
  }

  @Test
  @DisplayName("a studio that creates a definition and at once asks for its stats gets them (200, not 404) while the replica's replay is paused")
  void readYourChange() {
    Studio studio = Studio.create(api);
    onBoth(player); // the replica serves reads now
    REPLICA.pauseReplay();

    String definitionId = studio.definition(new JsonObject().put("code_length", 10)).getString("id");
    Served stats = Served.by(() -> studio.get("/definitions/" + definitionId + "/stats"));

    assertThat(stats.response().status()).as(stats.toString()).isEqualTo(200);
    assertThat(stats.response().json().getString("definition_id")).isEqualTo(definitionId);
    assertThat(stats.primary()).as(stats.toString()).isTrue();
  }

  @Test
  @DisplayName("with the replica stopped while a player reads without pause, and after, reads of their coupons, history and the definitions answer 200 with what the primary holds, never a 5xx; the replica serves again once back")
  void replicaDown() throws Exception {
    Coupon coupon = onBoth(player);
    long failuresBefore = ReadRouting.REPLICA_FAILURES.get();
    // Reads under way as it stops: those that reach it between its crash and the next lag check fail there.
    CompletableFuture<List<Api.Response>> during = CompletableFuture.supplyAsync(() -> {
      List<Api.Response> answers = new ArrayList<>();
      long until = System.currentTimeMillis() + 1500;
      while (System.currentTimeMillis() < until) {
        answers.add(coupons(player));
      }
      return answers;
    });
    Streams.sleep(200);
    REPLICA.stop();
    try {
      assertThat(during.get()).allSatisfy(r -> {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(ids(r)).containsExactly(coupon.id().toString());
      });
      for (int i = 0; i < 10; i++) {
        Api.Response list = coupons(player);
        Api.Response history = api.get(t.path("/user/" + player + "/redemptions"), t.server());
        Api.Response definitions = api.get(t.path("/definitions"), t.server());
        assertThat(List.of(list, history, definitions)).allSatisfy(r -> assertThat(r.status()).as(r.body()).isEqualTo(200));
        assertThat(ids(list)).containsExactly(coupon.id().toString());
        assertThat(definitions.json().getInteger("total")).isEqualTo(1);
      }
      System.out.println("Reads the stopped replica failed, answered from the primary: "
          + (ReadRouting.REPLICA_FAILURES.get() - failuresBefore));
    } finally {
      REPLICA.start();
    }
    await(() -> coupons(player), Served::replica, "the replica serving again once restarted");
  }

  @Test
  @DisplayName("with the replica frozen (it keeps its connections and answers nothing), a player's reads answer 200 from the primary within the request timeout, never 504; the replica serves again once it runs on")
  void replicaFrozen() {
    Coupon coupon = onBoth(player);
    // Replica connections that sit idle in the pool when it freezes, as under steady traffic.
    List<CompletableFuture<Api.Response>> warm = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      warm.add(CompletableFuture.supplyAsync(() -> coupons(player)));
    }
    warm.forEach(CompletableFuture::join);
    REPLICA.freeze();
    try {
      for (int i = 0; i < 3; i++) {
        Api.Response list = coupons(player);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(ids(list)).containsExactly(coupon.id().toString());
      }
    } finally {
      REPLICA.thaw();
    }
    await(() -> coupons(player), Served::replica, "the replica serving again once it runs on");
  }

  @Test
  @DisplayName("while the lag check is stuck (its replica connection frozen) and replay is paused, a player's coupons are read from the primary once PG_REPLICA_MAX_LAG_MS has passed since the last check, not from the replica as it was")
  void lagCheckStuck() {
    Coupon first = onBoth(player);
    long check = lagCheckBackend();
    REPLICA.pauseReplay();
    REPLICA.freezeProcess(check);
    try {
      Coupon second = t.coupon(DefinitionSpec.singleUse(), player, Seed.uniqueCode("PRIMARY"));
      Streams.sleep(MAX_LAG_MS + 1000);

      Served read = Served.by(() -> coupons(player));

      assertThat(ids(read.response())).as(read.toString()).containsExactlyInAnyOrder(first.id().toString(), second.id().toString());
      assertThat(read.primary()).as(read.toString()).isTrue();
    } finally {
      REPLICA.thawProcess(check);
    }
  }

  /** The replica's backend of the lag check's connection. */
  private static long lagCheckBackend() {
    try (Connection conn = REPLICA.connect();
         PreparedStatement st = conn.prepareStatement("SELECT pid FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
             + " AND query LIKE '%pg_last_wal_replay_lsn%'")) {
      try (ResultSet rs = st.executeQuery()) {
        assertThat(rs.next()).as("the lag check's connection").isTrue();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private String onReplica(UUID couponId) {
    try (Connection conn = REPLICA.connect();
         PreparedStatement st = conn.prepareStatement("SELECT status FROM coupons WHERE id = ?")) {
      st.setObject(1, couponId);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
