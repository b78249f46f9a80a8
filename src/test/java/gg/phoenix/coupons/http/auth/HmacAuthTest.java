package gg.phoenix.coupons.http.auth;

import static gg.phoenix.coupons.http.auth.JwtAuthTest.DISABLED;
import static gg.phoenix.coupons.http.auth.JwtAuthTest.MISSING;
import static gg.phoenix.coupons.http.auth.JwtAuthTest.WRONG_TENANT;
import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.Credentials.signature;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-to-server HMAC: X-Tenant-Id, X-Timestamp, X-Signature: hmac-sha256=hex over METHOD\nPATH\nTIMESTAMP\nBODY,
 * PATH as sent (with its query) or bare, timestamps at most 300 s off, each header at most once.
 */
@ExtendWith(TestService.class)
class HmacAuthTest {

  static final JsonObject BAD_SIGNATURE = error("unauthorized", "Invalid HMAC signature");
  static final JsonObject STALE = error("unauthorized", "X-Timestamp is missing, malformed or too far from the server's clock");

  @Fixture private static Api api;

  @Fixture private TenantFixture t;
  private Coupon coupon;

  @BeforeEach
  void seed() {
    coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));
  }

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Signs what the caller chooses (a path and body other than those sent, to forge) with the given headers. */
  private static Api.Auth signing(String tenantId, String secret, long timestamp, String signedPath, String signedBody) {
    return (request, method, path, body) -> {
      String ts = String.valueOf(timestamp);
      request.header("X-Tenant-Id", tenantId)
          .header("X-Timestamp", ts)
          .header("X-Signature", signature(secret, method, signedPath == null ? path : signedPath, ts,
              signedBody == null ? body : signedBody));
    };
  }

  private static void assertStatus(Api.Response response, int status, JsonObject error) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.json()).isEqualTo(error);
  }

  private Api.Response userCoupons(Api.Auth auth) {
    return api.get(t.path("/user/user_123"), auth);
  }

  private Api.Response userCoupons(Api.Auth auth, List<String> headers) {
    return api.send("GET", t.path("/user/user_123"), null, auth, headers);
  }

  @Test
  @DisplayName("a GET signed as the guide's Python client signs it is accepted")
  void validGet() {
    Api.Response response = userCoupons(t.hmac());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getJsonArray("coupons").getJsonObject(0)).isEqualTo(t.expected(coupon));
  }

  @Test
  @DisplayName("a POST whose signature covers the raw body redeems for the user named in the body")
  void validPost() {
    Api.Response response = api.post(t.path("/redeem/" + coupon.code()), "{\"user_id\": \"user_123\"}", t.hmac());

    assertThat(response.status()).isEqualTo(200);
    assertThat(t.state(coupon)).extracting("status", "redemptions").containsExactly("redeemed", 1L);
  }

  @Test
  @DisplayName("a signature over the path with its query string is accepted")
  void signedWithQuery() {
    String path = t.path("/user/user_123/redemptions?limit=5");

    assertThat(api.get(path, signing(t.id(), t.tenant.secret(), now(), path, null)).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a signature over the bare path is accepted when the request has a query string")
  void signedBarePath() {
    String bare = t.path("/user/user_123/redemptions");

    assertThat(api.get(bare + "?limit=5", signing(t.id(), t.tenant.secret(), now(), bare, null)).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a signature over another query string answers 401")
  void signedOtherQuery() {
    String signed = t.path("/user/user_123/redemptions?limit=1");

    Api.Response response = api.get(t.path("/user/user_123/redemptions?limit=1000"),
        signing(t.id(), t.tenant.secret(), now(), signed, null));

    assertStatus(response, 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("a timestamp 301 s in the past answers 401")
  void timestampTooOld() {
    assertStatus(userCoupons(Credentials.hmacAt(t.id(), t.tenant.secret(), now() - 301)), 401, STALE);
  }

  @Test
  @DisplayName("a timestamp more than 300 s in the future answers 401")
  void timestampInFuture() {
    // 302, not 301: the server's clock may tick one second while the request travels
    assertStatus(userCoupons(Credentials.hmacAt(t.id(), t.tenant.secret(), now() + 302)), 401, STALE);
  }

  @Test
  @DisplayName("a timestamp 290 s old is still accepted")
  void timestampWithinWindow() {
    assertThat(userCoupons(Credentials.hmacAt(t.id(), t.tenant.secret(), now() - 290)).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a signed request without X-Timestamp answers 401")
  void missingTimestamp() {
    Api.Auth noTimestamp = (request, method, path, body) -> request
        .header("X-Tenant-Id", t.id())
        .header("X-Signature", signature(t.tenant.secret(), method, path, "", body));

    assertStatus(userCoupons(noTimestamp), 401, STALE);
  }

  @Test
  @DisplayName("a timestamp that is not unix seconds answers 401")
  void malformedTimestamp() {
    Api.Auth iso = (request, method, path, body) -> request
        .header("X-Tenant-Id", t.id())
        .header("X-Timestamp", "2025-01-15T10:00:00Z")
        .header("X-Signature", signature(t.tenant.secret(), method, path, "2025-01-15T10:00:00Z", body));

    assertStatus(userCoupons(iso), 401, STALE);
  }

  @Test
  @DisplayName("a signature made with another secret answers 401")
  void wrongSecret() {
    assertStatus(userCoupons(Credentials.hmac(t.id(), "not-the-tenant-secret")), 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("a valid signature of tenant B sent with X-Tenant-Id B on tenant A's path answers 403")
  void otherTenantsPath() {
    TenantFixture b = new TenantFixture();

    assertStatus(userCoupons(b.hmac()), 403, WRONG_TENANT);
  }

  @Test
  @DisplayName("an X-Tenant-Id that names no tenant answers 401")
  void unknownTenant() {
    assertStatus(userCoupons(Credentials.hmac("no-such-tenant", t.tenant.secret())), 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("a body changed after signing answers 401 and redeems nothing")
  void tamperedBody() {
    Coupon other = t.coupon(DefinitionSpec.singleUse(), "user_456", Seed.uniqueCode("WELCOME"));
    TenantFixture.State before = t.state(other);

    Api.Response response = api.post(t.path("/redeem/" + other.code()), "{\"user_id\": \"user_456\"}",
        signing(t.id(), t.tenant.secret(), now(), null, "{\"user_id\": \"user_123\"}"));

    assertStatus(response, 401, BAD_SIGNATURE);
    assertThat(t.state(other)).isEqualTo(before);
  }

  @Test
  @DisplayName("a signature for another path answers 401")
  void otherPath() {
    Api.Auth forOtherUser = signing(t.id(), t.tenant.secret(), now(), t.path("/user/user_456"), null);

    assertStatus(userCoupons(forOtherUser), 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("X-Tenant-Id and X-Timestamp without X-Signature answer 401")
  void missingSignature() {
    List<String> headers = List.of("X-Tenant-Id", t.id(), "X-Timestamp", String.valueOf(now()));

    assertStatus(userCoupons(Api.NONE, headers), 401, MISSING);
  }

  @Test
  @DisplayName("a signature without X-Tenant-Id answers 401")
  void missingTenantHeader() {
    String ts = String.valueOf(now());
    List<String> headers = List.of("X-Timestamp", ts,
        "X-Signature", signature(t.tenant.secret(), "GET", t.path("/user/user_123"), ts, ""));

    assertStatus(userCoupons(Api.NONE, headers), 401, MISSING);
  }

  @Test
  @DisplayName("a signature header sent twice answers 401 even when both copies are valid")
  void duplicatedSignature() {
    String ts = String.valueOf(now());
    String valid = signature(t.tenant.secret(), "GET", t.path("/user/user_123"), ts, "");

    Api.Response response = userCoupons(Credentials.hmacAt(t.id(), t.tenant.secret(), Long.parseLong(ts)),
        List.of("X-Signature", valid));

    assertStatus(response, 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("X-Tenant-Id sent twice answers 401")
  void duplicatedTenant() {
    assertStatus(userCoupons(t.hmac(), List.of("X-Tenant-Id", t.id())), 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("X-Timestamp sent twice answers 401")
  void duplicatedTimestamp() {
    long ts = now();

    assertStatus(userCoupons(Credentials.hmacAt(t.id(), t.tenant.secret(), ts), List.of("X-Timestamp", String.valueOf(ts))),
        401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("a signature without the hmac-sha256= prefix answers 401")
  void missingPrefix() {
    Api.Auth bareHex = (request, method, path, body) -> {
      String ts = String.valueOf(now());
      request.header("X-Tenant-Id", t.id()).header("X-Timestamp", ts)
          .header("X-Signature", signature(t.tenant.secret(), method, path, ts, body).substring("hmac-sha256=".length()));
    };

    assertStatus(userCoupons(bareHex), 401, BAD_SIGNATURE);
  }

  @Test
  @DisplayName("upper-case hex digits in the signature are accepted")
  void upperCaseHex() {
    Api.Auth upper = (request, method, path, body) -> {
      String ts = String.valueOf(now());
      String hex = signature(t.tenant.secret(), method, path, ts, body).substring("hmac-sha256=".length());
      request.header("X-Tenant-Id", t.id()).header("X-Timestamp", ts).header("X-Signature", "hmac-sha256=" + hex.toUpperCase());
    };

    assertThat(userCoupons(upper).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a disabled tenant's valid signature answers 403")
  void disabledTenant() {
    Seed.update("UPDATE tenants SET status = 'disabled' WHERE id = ?", t.id());

    assertStatus(userCoupons(t.hmac()), 403, DISABLED);
  }
}
