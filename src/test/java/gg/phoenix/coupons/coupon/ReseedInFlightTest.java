package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.coupon.Attempts.LIMIT_EXCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.StallingProxy;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A use in flight when Redis loses its counters: PostgreSQL commits it, another attempt seeds the counter again
 * from PostgreSQL (which already counts it), and only then does the use's confirm reach Redis. The guard must
 * count that use once, or it refuses uses PostgreSQL still has until the counter expires.
 *
 * <p>Made deterministic with two instances of the service on one database: A talks to Redis through a proxy the
 * test can stall (a network path that stops for a while), B directly. A's use waits on a row lock the test holds
 * in PostgreSQL while Redis is flushed; the proxy then holds A's confirm while B re-seeds the counter and redeems.
 */
@ExtendWith(VertxExtension.class)
class ReseedInFlightTest {

  private static final int LEASE_MS = 500;

  private static Vertx otherVertx;
  private static StallingProxy proxy;
  private static Api apiA;
  private static Api apiB;
  private static GuardRedis redis;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    JsonObject config = GuardRedis.serviceConfig(vertx).put("GUARD_LEASE_MS", LEASE_MS);
    URI direct = URI.create(config.getString("REDIS_URL"));
    proxy = StallingProxy.start(vertx, direct.getHost(), direct.getPort());
    String viaProxy = "redis://127.0.0.1:" + proxy.port() + direct.getPath();
    otherVertx = Vertx.vertx();
    // A waits for its confirm as long as the test holds it, instead of giving up after REDIS_TIMEOUT_MS.
    apiA = TestApp.start(otherVertx, config.copy().put("REDIS_URL", viaProxy).put("REDIS_TIMEOUT_MS", 30_000));
    apiB = TestApp.start(vertx, config);
    redis = new GuardRedis(vertx);
  }

  @AfterAll
  static void close() throws Exception {
    proxy.resume();
    otherVertx.close().await(30, TimeUnit.SECONDS);
    proxy.close();
    redis.close();
  }

  @Test
  @DisplayName("a use committed while Redis was flushed, confirmed after another attempt re-seeded the counter, counts once: the next player gets the last use")
  void reseededWhileInFlight() throws Exception {
    Studio viaA = Studio.create(apiA);
    Studio viaB = new Studio(apiB, viaA.tenantId, viaA.secret);
    String code = Seed.uniqueCode("INFLIGHT");
    UUID definitionId = UUID.fromString(viaA.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, 3))).getString("id"));

    CompletableFuture<Api.Response> inFlight;
    try (Connection lock = TestBackends.get().jdbc()) {
      lock.setAutoCommit(false);
      try (PreparedStatement st = lock.prepareStatement("SELECT id FROM coupon_definitions WHERE id = ? FOR UPDATE")) {
        st.setObject(1, definitionId);
        st.executeQuery().close();
      }
      inFlight = Attempts.redeem(viaA, code, "player-a");
      awaitBlockedBy(lock);                            // A holds its lease and waits on the row lock
      redis.flushDb();                                 // Redis loses the counters and A's lease
      proxy.stall();                                   // what A sends Redis from now on is held
      lock.rollback();                                 // A's use commits; its confirm waits in the proxy
    }
    GuardRedis.awaitTrue(() -> redemptions(definitionId) == 1, "player-a's use to commit");
    GuardRedis.awaitTrue(() -> heldChunks() > 0, "player-a's confirm to be held");

    Api.Response b = viaB.redeem(code, "player-b");   // B seeds the counter from PostgreSQL: 1, with A's use
    proxy.resume();                                    // A's confirm reaches Redis after that seed
    Api.Response a = inFlight.get(30, TimeUnit.SECONDS);
    GuardRedis.sleep(LEASE_MS + 100);                  // every lease has settled
    Api.Response c = viaB.redeem(code, "player-c");
    Api.Response d = viaB.redeem(code, "player-d");

    assertThat(a.status()).as(a.body()).isEqualTo(200);
    assertThat(b.status()).as(b.body()).isEqualTo(200);
    assertThat(c.status()).as("the last use: " + c.body()).isEqualTo(200);
    assertThat(d.json()).isEqualTo(LIMIT_EXCEEDED);
    assertThat(redemptions(definitionId)).isEqualTo(3);
    assertThat(redis.integer(CacheKeys.totalUses(definitionId))).as("the counter").isEqualTo(3);
  }

  private static int heldChunks() {
    try {
      return proxy.heldChunks();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long redemptions(UUID definitionId) {
    return Seed.count("SELECT count(*) FROM redemptions WHERE definition_id = ?", definitionId);
  }

  /** Waits until a statement of the service waits on a lock {@code holder} holds. */
  private static void awaitBlockedBy(Connection holder) throws Exception {
    int pid;
    try (Statement st = holder.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    GuardRedis.awaitTrue(() -> Seed.count("SELECT count(*) FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))", pid) > 0,
        "a statement blocked by the test's row lock");
  }
}
