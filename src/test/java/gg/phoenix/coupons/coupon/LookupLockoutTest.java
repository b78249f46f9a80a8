package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.GuardRedis;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The defence against guessing codes: 3 unknown codes in a 2-second window lock the guesser (a player, or a
 * client address when no player is named) out of validate and redeem in that tenant until the window ends.
 */
class LookupLockoutTest {

  private static final int LIMIT = 3;
  private static final int WINDOW_SECONDS = 2;

  @RegisterExtension
  static final TestService SERVICE = TestService.with(new JsonObject()
      .put("LOOKUP_FAILURE_LIMIT", LIMIT)
      .put("LOOKUP_FAILURE_WINDOW_SECONDS", WINDOW_SECONDS)).onOwnRedisDatabase();

  @Fixture private static Api api;
  @Fixture private static GuardRedis redis;
  @Fixture private Studio studio;
  private String realCode;

  @BeforeEach
  void tenant() {
    realCode = couponOf(studio);
  }

  /** An unassigned multi-use coupon of the studio's tenant: valid for anyone, redeemable a few times. */
  private static String couponOf(Studio studio) {
    UUID definition = Seed.definition(studio.tenantId, Seed.rewardItem(studio.tenantId),
        Seed.DefinitionSpec.singleUse().uses(null, null));
    String code = Seed.uniqueCode("REAL");
    Seed.coupon(studio.tenantId, definition, null, code);
    return code;
  }

  private Api.Response validate(String code, String userId) {
    return studio.get("/validate/" + code + (userId == null ? "" : "?user_id=" + userId));
  }

  /** Three unknown codes through validate, then waits until the service has counted them (it does not wait). */
  private void lockOut(String userId) {
    for (int i = 0; i < LIMIT; i++) {
      Api.Response miss = validate("GUESS" + i + Seed.uniqueCode(""), userId);
      assertThat(miss.json().getString("error")).isEqualTo("Coupon code not found");
    }
    String key = CacheKeys.failedLookups(studio.tenantId, userId == null ? "hmac:127.0.0.1" : "user:" + userId);
    GuardRedis.awaitTrue(() -> Integer.valueOf(LIMIT).equals(redis.integer(key)), "3 misses counted at " + key);
    awaitLockoutInForce(userId);
  }

  /**
   * The instance that counted the last miss locks the guesser out when Redis has answered the count, a moment after
   * the counter is visible to this test: wait for that before asserting on what follows.
   */
  private void awaitLockoutInForce(String userId) {
    GuardRedis.awaitTrue(() -> validate(realCode, userId).status() == 429, "the lockout in force");
  }

  private static void assertLockedOut(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(429);
    String retryAfter = response.headers().firstValue("Retry-After").orElseThrow();
    assertThat(Integer.parseInt(retryAfter)).isBetween(1, WINDOW_SECONDS);
    assertThat(response.json()).isEqualTo(new JsonObject().put("error", "too_many_attempts")
        .put("message", "Too many unknown codes; try again in " + retryAfter + " seconds"));
  }

  @Test
  @DisplayName("after 3 unknown codes a player's next validate, even of a real code, answers 429 with Retry-After and the usual error shape")
  void validateLockedOut() {
    lockOut("guesser");

    assertLockedOut(validate(realCode, "guesser"));
  }

  @Test
  @DisplayName("unknown codes tried through redeem count too, and a locked-out player's redeem answers 429 without redeeming")
  void redeemLockedOut() {
    for (int i = 0; i < LIMIT; i++) {
      Api.Response miss = studio.redeem("GUESS" + i + Seed.uniqueCode(""), "guesser");
      assertThat(miss.status()).isEqualTo(404);
    }
    String key = CacheKeys.failedLookups(studio.tenantId, "user:guesser");
    GuardRedis.awaitTrue(() -> Integer.valueOf(LIMIT).equals(redis.integer(key)), "3 misses counted");
    awaitLockoutInForce("guesser");

    assertLockedOut(studio.redeem(realCode, "guesser"));
    assertThat(Seed.count("SELECT count(*) FROM redemptions WHERE tenant_id = ?", studio.tenantId)).isZero();
  }

  @Test
  @DisplayName("two unknown codes stay below the limit of 3: the player's next validate answers normally")
  void belowLimit() {
    validate("GUESS1" + Seed.uniqueCode(""), "guesser");
    validate("GUESS2" + Seed.uniqueCode(""), "guesser");
    GuardRedis.awaitTrue(() -> Integer.valueOf(2).equals(redis.integer(CacheKeys.failedLookups(studio.tenantId, "user:guesser"))),
        "2 misses counted");

    Api.Response next = validate(realCode, "guesser");

    assertThat(next.status()).isEqualTo(200);
    assertThat(next.json().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("a lockout touches no one else: another player of the tenant, and the same player in another tenant, answer normally")
  void othersUnaffected() {
    Studio otherTenant = Studio.create(api);
    String otherCode = couponOf(otherTenant);
    lockOut("guesser");

    Api.Response otherPlayer = validate(realCode, "someone-else");
    Api.Response samePlayerElsewhere = otherTenant.get("/validate/" + otherCode + "?user_id=guesser");
    Api.Response redeemElsewhere = otherTenant.redeem(otherCode, "guesser");
    Api.Response stillLocked = validate(realCode, "guesser");

    assertThat(otherPlayer.status()).isEqualTo(200);
    assertThat(otherPlayer.json().getBoolean("valid")).isTrue();
    assertThat(samePlayerElsewhere.status()).isEqualTo(200);
    assertThat(samePlayerElsewhere.json().getBoolean("valid")).isTrue();
    assertThat(redeemElsewhere.status()).as(redeemElsewhere.body()).isEqualTo(200);
    assertLockedOut(stillLocked);
  }

  @Test
  @DisplayName("once the window has passed, the locked-out player's validate and redeem answer normally again")
  void lockoutExpires() {
    lockOut("guesser");
    assertLockedOut(validate(realCode, "guesser"));
    long lockedAt = System.nanoTime();

    GuardRedis.awaitTrue(() -> validate(realCode, "guesser").status() == 200, "the lockout to end");
    long lockedForMs = (System.nanoTime() - lockedAt) / 1_000_000;
    Api.Response redeem = studio.redeem(realCode, "guesser");

    assertThat(lockedForMs).isLessThanOrEqualTo(WINDOW_SECONDS * 1000L + 1000);
    assertThat(validate(realCode, "guesser").json().getBoolean("valid")).isTrue();
    assertThat(redeem.status()).as(redeem.body()).isEqualTo(200);
  }

  @Test
  @DisplayName("validations naming no player are counted per client address: that address is locked out, a named player and another address are not")
  void anonymousPerAddress() throws IOException {
    lockOut(null);

    Api.Response sameAddress = validate(realCode, null);
    Api.Response namedPlayer = validate(realCode, "player-1");
    int otherAddress = validateFrom("127.0.0.2", realCode);

    assertLockedOut(sameAddress);
    assertThat(namedPlayer.status()).isEqualTo(200);
    assertThat(otherAddress).as("status seen from 127.0.0.2").isEqualTo(200);
  }

  /** A signed validate sent from another loopback address (java.net.http cannot choose its source address). */
  private int validateFrom(String sourceAddress, String code) throws IOException {
    URI base = URI.create(api.base());
    String path = studio.path("/validate/" + code);
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    String request = "GET " + path + " HTTP/1.1\r\n"
        + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
        + "X-Tenant-Id: " + studio.tenantId + "\r\n"
        + "X-Timestamp: " + timestamp + "\r\n"
        + "X-Signature: " + Credentials.signature(studio.secret, "GET", path, timestamp, "") + "\r\n"
        + "Connection: close\r\n\r\n";
    try (Socket socket = new Socket()) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
      socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
      return Integer.parseInt(statusLine.substring(9, 12));
    }
  }
}
