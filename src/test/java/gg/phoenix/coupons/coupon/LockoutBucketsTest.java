package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.RawHttp;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whom a lockout holds, behind a proxy: the service trusts 127.0.0.1 (this test, playing nginx, sends
 * X-Forwarded-For for the clients it stands for). A lockout must refuse its guesser and no one else: not another
 * client of the same proxy, not the studio's signed backend, not the player a guesser names.
 */
class LockoutBucketsTest {

  private static final int LIMIT = 3;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("TRUSTED_PROXIES", "127.0.0.1/32")
      .put("LOOKUP_FAILURE_LIMIT", LIMIT)
      .put("LOOKUP_FAILURE_WINDOW_SECONDS", 60)).onOwnRedisDatabase();

  @Fixture private static Api api;
  @Fixture private Studio studio;
  private String realCode;
  private Api.Auth tenantToken;

  @BeforeEach
  void tenant() {
    UUID definition = Seed.definition(studio.tenantId, Seed.rewardItem(studio.tenantId),
        Seed.DefinitionSpec.singleUse().uses(null, null));
    realCode = Seed.uniqueCode("REAL");
    Seed.coupon(studio.tenantId, definition, null, realCode);
    tenantToken = bearer(tenantJwt(studio.tenantId, studio.secret, null, 600));
  }

  private Api.Response validate(Api.Auth auth, String code, String userId, String client) {
    String query = userId == null ? "" : "?user_id=" + userId;
    return api.send("GET", studio.path("/validate/" + code + query), null, auth, List.of("X-Forwarded-For", client));
  }

  private static String guess() {
    return "GUESS" + Seed.uniqueCode("");
  }

  /** Waits until the guesser's next request is refused: the service counts misses after it has answered them. */
  private void awaitLockedOut(Api.Auth auth, String userId, String client) {
    GuardRedis.awaitTrue(() -> validate(auth, realCode, userId, client).status() == 429, "the guesser's lockout");
  }

  private static void assertValid(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getBoolean("valid")).as(response.body()).isTrue();
  }

  @Test
  @DisplayName("behind the proxy, a guesser's lockout (tenant JWT, no player) refuses neither another client of the proxy nor the studio's signed backend")
  void lockoutHoldsOneClient() {
    for (int i = 0; i < LIMIT; i++) {
      assertThat(validate(tenantToken, guess(), null, "198.51.100.66").json().getString("error")).isEqualTo("Coupon code not found");
    }
    awaitLockedOut(tenantToken, null, "198.51.100.66");

    assertValid(validate(tenantToken, realCode, null, "198.51.100.7"));
    assertValid(validate(studio.server, realCode, null, "203.0.113.20"));
    assertValid(validate(studio.server, realCode, "player-1", "203.0.113.20"));
    assertThat(validate(tenantToken, realCode, null, "198.51.100.66").status()).isEqualTo(429);
  }

  @Test
  @DisplayName("the studio's signed backend behind the guesser's own address still validates a valid code, naming a player or not")
  void signedBackendHasItsOwnBucket() {
    for (int i = 0; i < LIMIT; i++) {
      validate(tenantToken, guess(), null, "198.51.100.66");
    }
    awaitLockedOut(tenantToken, null, "198.51.100.66");

    assertValid(validate(studio.server, realCode, null, "198.51.100.66"));
    assertValid(validate(studio.server, realCode, "player-1", "198.51.100.66"));
    Api.Response redeemed = api.send("POST", studio.path("/redeem/" + realCode), new JsonObject().put("user_id", "player-1").encode(),
        studio.server, List.of("X-Forwarded-For", "198.51.100.66"));
    assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
  }

  @Test
  @DisplayName("naming a new ?user_id= on every try with a tenant JWT does not escape: the client's address is locked out after the limit")
  void rotatingUserIdsDoesNotEscape() {
    for (int i = 0; i < LIMIT; i++) {
      validate(tenantToken, guess(), "rotating-" + i, "198.51.100.66");
    }

    awaitLockedOut(tenantToken, "rotating-next", "198.51.100.66");
    Api.Response redeem = api.send("POST", studio.path("/redeem/" + realCode), new JsonObject().put("user_id", "rotating-x").encode(),
        tenantToken, List.of("X-Forwarded-For", "198.51.100.66"));
    assertThat(redeem.status()).as(redeem.body()).isEqualTo(429);
    assertValid(validate(tenantToken, realCode, "rotating-next", "198.51.100.7"));
  }

  @Test
  @DisplayName("a tenant-JWT guesser naming a real player does not lock that player out: her own token and the signed backend acting for her still validate")
  void namingAPlayerDoesNotLockHerOut() {
    for (int i = 0; i < LIMIT; i++) {
      validate(tenantToken, guess(), "alice", "198.51.100.66");
    }
    awaitLockedOut(tenantToken, "alice", "198.51.100.66");

    assertValid(validate(bearer(tenantJwt(studio.tenantId, studio.secret, "alice", 600)), realCode, null, "198.51.100.66"));
    assertValid(validate(studio.server, realCode, "alice", "203.0.113.20"));
  }

  @Test
  @DisplayName("a player's token that guesses locks out that player wherever she calls from; other players at her address are not")
  void playerTokenLocksThePlayer() {
    Api.Auth alice = bearer(tenantJwt(studio.tenantId, studio.secret, "alice", 600));
    for (int i = 0; i < LIMIT; i++) {
      validate(alice, guess(), null, "198.51.100.66");
    }
    awaitLockedOut(alice, null, "198.51.100.66");

    assertThat(validate(alice, realCode, null, "192.0.2.99").status()).isEqualTo(429);
    assertThat(validate(studio.server, realCode, "alice", "203.0.113.20").status()).isEqualTo(429);
    assertValid(validate(bearer(tenantJwt(studio.tenantId, studio.secret, "bob", 600)), realCode, null, "198.51.100.66"));
  }

  @Test
  @DisplayName("a guesser taking a new IPv6 address of its /64 for every try does not escape: the /64 is locked out, the next /64 is not")
  void rotatingIpv6AddressesDoesNotEscape() {
    for (int i = 0; i < LIMIT; i++) {
      validate(tenantToken, guess(), null, "2001:db8:66:1::" + Integer.toHexString(0x100 + i));
    }

    awaitLockedOut(tenantToken, null, "2001:db8:66:1:a:b:c:d");
    assertThat(validate(tenantToken, realCode, null, "[2001:db8:66:1::ffff]:443").status()).isEqualTo(429);
    assertValid(validate(tenantToken, realCode, null, "2001:db8:66:2::100"));
    assertValid(validate(studio.server, realCode, null, "2001:db8:66:1::100"));
  }

  @Test
  @DisplayName("a captured signed miss sent again and again, naming a victim in an added ?user_id=, counts once: the victim still validates her valid code")
  void replayedSignedMissCountsOnce() {
    String path = studio.path("/validate/" + guess());
    String ts = String.valueOf(System.currentTimeMillis() / 1000);
    List<String> captured = List.of("X-Tenant-Id", studio.tenantId, "X-Timestamp", ts,
        "X-Signature", Credentials.signature(studio.secret, "GET", path, ts, ""), "X-Forwarded-For", "198.51.100.66");

    for (int i = 0; i < 3 * LIMIT; i++) {
      Api.Response replayed = api.send("GET", path + "?user_id=victim", null, Api.NONE, captured);
      assertThat(replayed.json().getString("error")).as(replayed.body()).isEqualTo("Coupon code not found");
    }

    Api.Auth victim = bearer(tenantJwt(studio.tenantId, studio.secret, "victim", 600));
    // misses are counted after they are answered: watch for a second that no lockout comes
    long until = System.nanoTime() + 1_000_000_000L;
    while (System.nanoTime() < until) {
      assertValid(validate(victim, realCode, null, "192.0.2.50"));
      GuardRedis.sleep(50);
    }
    assertValid(validate(studio.server, realCode, "victim", "203.0.113.20"));
  }

  @Test
  @DisplayName("what a client writes into X-Forwarded-For left of the proxy's entry changes nothing: rotating it does not escape")
  void spoofedLeftEntriesIgnored() {
    for (int i = 0; i < LIMIT; i++) {
      validate(tenantToken, guess(), null, "192.0.2." + (10 + i) + ", 198.51.100.66");
    }

    awaitLockedOut(tenantToken, null, "192.0.2.99, 198.51.100.66");
    assertThat(validate(tenantToken, realCode, null, "198.51.100.66").status()).isEqualTo(429);
  }

  @Test
  @DisplayName("a peer that is not a trusted proxy is not believed: its X-Forwarded-For, however it rotates, does not escape the lockout")
  void untrustedPeerCannotSpoof() throws IOException {
    RawHttp fromElsewhere = new RawHttp(api.port()).from("127.0.0.2");
    String token = tenantJwt(studio.tenantId, studio.secret, null, 600);
    for (int i = 0; i < LIMIT; i++) {
      RawHttp.Response miss = fromElsewhere.get(studio.path("/validate/" + guess()),
          "Authorization", "Bearer " + token, "X-Forwarded-For", "192.0.2." + (10 + i));
      assertThat(miss.status()).isEqualTo(200);
    }
    long deadline = System.nanoTime() + 5_000_000_000L;
    int status;
    do {
      status = fromElsewhere.get(studio.path("/validate/" + realCode), "Authorization", "Bearer " + token,
          "X-Forwarded-For", "192.0.2.200").status();
    } while (status != 429 && System.nanoTime() < deadline);

    assertThat(status).isEqualTo(429);
    assertValid(validate(tenantToken, realCode, null, "198.51.100.7"));
  }

  @Test
  @DisplayName("the signed backend's own misses lock out its own address only, and a player it names keeps her own bucket")
  void signedBackendOwnMisses() {
    for (int i = 0; i < LIMIT; i++) {
      validate(studio.server, guess(), null, "203.0.113.20");
    }
    awaitLockedOut(studio.server, null, "203.0.113.20");

    assertValid(validate(studio.server, realCode, "player-1", "203.0.113.20"));
    assertValid(validate(studio.server, realCode, null, "203.0.113.21"));
    assertValid(validate(tenantToken, realCode, null, "203.0.113.20"));
  }
}
