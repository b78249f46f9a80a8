package gg.phoenix.coupons.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Ticker;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.metrics.Counters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What authentication keeps in memory, as configured: tenant credentials for TENANT_CACHE_SECONDS, a verified JWT for
 * 30 seconds or until its exp, each bounded. The tenant verticle is stood in for by a consumer on its event-bus address
 * that counts the questions, and time moves on a ticker the test holds.
 */
class AuthCachesTest {

  private static final String SECRET = "a-tenant-secret-of-32-characters!";
  private static final long TTL_SECONDS = 5;

  private final AtomicLong nanos = new AtomicLong();
  private final Ticker ticker = nanos::get;
  private final AtomicInteger asked = new AtomicInteger();
  private Vertx vertx;

  @BeforeEach
  void tenantVerticle() throws Exception {
    vertx = Vertx.vertx();
    vertx.eventBus().<JsonObject>consumer(Addresses.TENANT_CREDENTIALS, msg -> {
      asked.incrementAndGet();
      msg.reply(new JsonObject().put("found", true).put("status", "active").put("secrets", new JsonArray().add(SECRET)));
    }).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a tenant's credentials are asked once, kept TENANT_CACHE_SECONDS, then asked again")
  void credentialsExpire() throws Exception {
    TenantCredentials credentials = new TenantCredentials(vertx, TTL_SECONDS, 5_000, ticker);
    assertThat(await(credentials.get("t1")).secrets()).containsExactly(SECRET);
    advance(Duration.ofSeconds(TTL_SECONDS).minusMillis(1));
    await(credentials.get("t1"));
    assertThat(asked).hasValue(1);
    advance(Duration.ofMillis(1));
    await(credentials.get("t1"));
    assertThat(asked).hasValue(2);
  }

  @Test
  @DisplayName("with TENANT_CACHE_SECONDS 0 every authentication asks the tenant verticle")
  void zeroKeepsNothing() throws Exception {
    TenantCredentials credentials = new TenantCredentials(vertx, 0, 5_000, ticker);
    await(credentials.get("t1"));
    await(credentials.get("t1"));
    assertThat(asked).hasValue(2);
  }

  @Test
  @DisplayName("a tenant forgotten (its secret or status changed) is asked again at once")
  void forgetDrops() throws Exception {
    TenantCredentials credentials = new TenantCredentials(vertx, TTL_SECONDS, 5_000, ticker);
    await(credentials.get("t1"));
    credentials.forget("t1");
    await(credentials.get("t1"));
    assertThat(asked).hasValue(2);
  }

  @Test
  @DisplayName("at most MAX_CACHED tenants' credentials are kept: past that, some are asked again")
  void credentialsAreBounded() throws Exception {
    TenantCredentials credentials = new TenantCredentials(vertx, TTL_SECONDS, 5_000, ticker);
    int tenants = TenantCredentials.MAX_CACHED + 2_000;
    List<String> ids = IntStream.range(0, tenants).mapToObj(i -> "tenant-" + i).toList();
    for (String id : ids) {
      await(credentials.get(id));
    }
    assertThat(asked).hasValue(tenants);
    for (String id : ids) {
      await(credentials.get(id));
    }
    assertThat(asked.get() - tenants).as("tenants asked again, having been evicted").isGreaterThanOrEqualTo(2_000);
  }

  @Test
  @DisplayName("a verified JWT is trusted without checking its signature for 30 seconds, then checked again")
  void verifiedTokenExpires() throws Exception {
    JwtVerifier verifier = verifier();
    String token = token(600);
    long before = Counters.JWT_SIGNATURE_CHECKS.get();
    assertThat(await(verifier.verify(token))).isEqualTo(new JwtVerifier.Claims("t1", "p1", null));
    advance(Duration.ofMillis(JwtVerifier.REMEMBER_MILLIS - 1));
    await(verifier.verify(token));
    assertThat(Counters.JWT_SIGNATURE_CHECKS.get() - before).isEqualTo(1);
    advance(Duration.ofMillis(1));
    await(verifier.verify(token));
    assertThat(Counters.JWT_SIGNATURE_CHECKS.get() - before).isEqualTo(2);
  }

  @Test
  @DisplayName("a verified JWT that expires within 30 seconds is remembered only until its exp")
  void verifiedTokenLivesUntilExp() throws Exception {
    JwtVerifier verifier = verifier();
    String token = token(10);
    long before = Counters.JWT_SIGNATURE_CHECKS.get();
    await(verifier.verify(token));
    advance(Duration.ofSeconds(10));
    // the token is still valid by the wall clock, which the test does not move: only the memory of it has expired
    await(verifier.verify(token));
    assertThat(Counters.JWT_SIGNATURE_CHECKS.get() - before).isEqualTo(2);
  }

  @Test
  @DisplayName("at most MAX_REMEMBERED verified JWTs are kept: past that, some have their signature checked again")
  void verifiedTokensAreBounded() throws Exception {
    JwtVerifier verifier = verifier();
    int count = JwtVerifier.MAX_REMEMBERED + 2_000;
    List<String> tokens = IntStream.range(0, count).mapToObj(i -> token(600, "p" + i)).toList();
    long before = Counters.JWT_SIGNATURE_CHECKS.get();
    for (String token : tokens) {
      await(verifier.verify(token));
    }
    for (String token : tokens) {
      await(verifier.verify(token));
    }
    assertThat(Counters.JWT_SIGNATURE_CHECKS.get() - before - count).as("tokens checked again, having been evicted")
        .isGreaterThanOrEqualTo(2_000);
  }

  private JwtVerifier verifier() {
    TenantCredentials credentials = new TenantCredentials(vertx, TTL_SECONDS, 5_000, ticker);
    return new JwtVerifier(vertx, credentials, 0, new JwtClaimRules(new ServiceConfig.Jwt(3_600, "", "")), ticker);
  }

  private static String token(long secondsLeft) {
    return token(secondsLeft, "p1");
  }

  private static String token(long secondsLeft, String player) {
    long now = System.currentTimeMillis() / 1000;
    String header = base64(new JsonObject().put("alg", "HS256").put("typ", "JWT").encode());
    String payload = base64(new JsonObject().put("sub_type", "tenant").put("sub_id", "t1").put("sub", player)
        .put("iat", now).put("exp", now + secondsLeft).encode());
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
      return header + "." + payload + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
