package gg.phoenix.coupons.http.auth;

import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static gg.phoenix.coupons.support.Credentials.bearer;
import static gg.phoenix.coupons.support.Credentials.tenantJwt;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.metrics.Counters;
import gg.phoenix.coupons.secrets.SealedColumn;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tenant JWTs (Authorization: Bearer): HS256 only, signed with the secret of the tenant named in sub_id,
 * sub_type "tenant", exp required; a token with sub acts only for that player.
 */
@ExtendWith(TestService.class)
class JwtAuthTest {

  static final JsonObject MISSING = error("unauthorized", "Authentication required: send a tenant JWT "
      + "(Authorization: Bearer) or an HMAC signature (X-Tenant-Id, X-Timestamp, X-Signature)");
  static final JsonObject BAD_TOKEN = error("unauthorized", "Invalid or expired token");
  static final JsonObject WRONG_TENANT = error("forbidden", "Access denied: credentials are for another tenant");
  static final JsonObject OTHER_USER = error("forbidden", "Access denied: this token may only act for its own user");
  static final JsonObject DISABLED = error("forbidden", "Access denied: tenant is disabled");

  @Fixture private static Api api;

  @Fixture private TenantFixture t;

  private static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** The guide's payload for this tenant, valid for an hour. */
  private JsonObject claims() {
    return new JsonObject().put("sub_type", "tenant").put("sub_id", t.id()).put("iat", now()).put("exp", now() + 3600);
  }

  private static JsonObject header(String alg) {
    return new JsonObject().put("alg", alg).put("typ", "JWT");
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private Api.Response definitions(String token) {
    return api.get(t.path("/definitions"), bearer(token));
  }

  private static void assertStatus(Api.Response response, int status, JsonObject error) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.json()).isEqualTo(error);
  }

  @Test
  @DisplayName("a token made as the guide's createTenantJWT makes is accepted")
  void validToken() {
    Api.Response response = definitions(tenantJwt(t.id(), t.tenant.secret(), "user_123", 3600));

    assertThat(response.status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a token is checked in full once per HTTP verticle, then remembered: 20 requests with it check its signature at most once per core")
  void verifiedTokenRemembered() {
    String token = tenantJwt(t.id(), t.tenant.secret(), null, 3600);
    long before = Counters.JWT_SIGNATURE_CHECKS.get();

    for (int i = 0; i < 20; i++) {
      assertThat(definitions(token).status()).isEqualTo(200);
    }

    assertThat(Counters.JWT_SIGNATURE_CHECKS.get() - before).isBetween(1L, (long) Runtime.getRuntime().availableProcessors());
  }

  @Test
  @DisplayName("a request without any credentials answers 401 with the authentication hint")
  void noCredentials() {
    assertStatus(api.get(t.path("/definitions"), Api.NONE), 401, MISSING);
  }

  @Test
  @DisplayName("an unsigned token with alg none answers 401")
  void algNone() {
    String token = b64(header("none").encode()) + "." + b64(claims().encode()) + ".";

    assertStatus(definitions(token), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token whose header says alg none answers 401 even with a valid HS256 signature")
  void algNoneSigned() {
    assertStatus(definitions(Credentials.jwt(header("none"), claims(), t.tenant.secret())), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token correctly signed with HS512 answers 401: only HS256 is accepted")
  void hs512() throws Exception {
    String input = b64(header("HS512").encode()) + "." + b64(claims().encode());
    Mac mac = Mac.getInstance("HmacSHA512");
    mac.init(new SecretKeySpec(t.tenant.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA512"));
    String token = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));

    assertStatus(definitions(token), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token whose header says RS256 but is HMAC-signed with the tenant secret answers 401")
  void rs256Confusion() {
    assertStatus(definitions(Credentials.jwt(header("RS256"), claims(), t.tenant.secret())), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token signed with another secret answers 401")
  void badSignature() {
    assertStatus(definitions(tenantJwt(t.id(), "not-the-tenant-secret", null, 3600)), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token whose payload was changed after signing answers 401")
  void tamperedPayload() {
    String[] parts = tenantJwt(t.id(), t.tenant.secret(), "user_123", 3600).split("\\.");
    String forged = parts[0] + "." + b64(claims().put("sub", "user_456").encode()) + "." + parts[2];

    assertStatus(api.get(t.path("/user/user_456"), bearer(forged)), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token for a tenant that does not exist answers 401")
  void unknownTenant() {
    Api.Response response = api.get("/v1/coupons/no-such-tenant/definitions",
        bearer(tenantJwt("no-such-tenant", "whatever", null, 3600)));

    assertStatus(response, 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token naming an unknown tenant on a real tenant's path answers 401")
  void unknownTenantOnRealPath() {
    assertStatus(definitions(tenantJwt("no-such-tenant", t.tenant.secret(), null, 3600)), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token expired an hour ago answers 401")
  void expired() {
    JsonObject payload = claims().put("iat", now() - 7200).put("exp", now() - 3600);

    assertStatus(definitions(Credentials.jwt(header("HS256"), payload, t.tenant.secret())), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token expired 5 seconds ago is still accepted within the 30 s clock leeway")
  void expiredWithinLeeway() {
    JsonObject payload = claims().put("exp", now() - 5);

    assertThat(definitions(Credentials.jwt(header("HS256"), payload, t.tenant.secret())).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a token without exp answers 401")
  void missingExp() {
    JsonObject payload = claims();
    payload.remove("exp");

    assertStatus(definitions(Credentials.jwt(header("HS256"), payload, t.tenant.secret())), 401, BAD_TOKEN);
  }

  @ParameterizedTest(name = "Bearer \"{0}\" answers 401")
  @ValueSource(strings = {"abc", "a.b", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9.e30.", "!!!.###.$$$", "a.b.c.d"})
  @DisplayName("a malformed token answers 401")
  void malformed(String token) {
    assertStatus(definitions(token), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("an Authorization header that is not Bearer answers 401")
  void notBearer() {
    Api.Auth basic = (request, method, path, body) -> request.header("Authorization", "Basic dXNlcjpwYXNz");

    assertStatus(api.get(t.path("/definitions"), basic), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token with sub_type other than \"tenant\" answers 401")
  void wrongSubType() {
    JsonObject payload = claims().put("sub_type", "user");

    assertStatus(definitions(Credentials.jwt(header("HS256"), payload, t.tenant.secret())), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a token without sub_type answers 401")
  void missingSubType() {
    JsonObject payload = claims();
    payload.remove("sub_type");

    assertStatus(definitions(Credentials.jwt(header("HS256"), payload, t.tenant.secret())), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("tenant A's valid token on tenant B's path answers 403")
  void otherTenantsPath() {
    TenantFixture b = new TenantFixture();

    assertStatus(api.get(b.path("/definitions"), t.server()), 403, WRONG_TENANT);
  }

  @Test
  @DisplayName("a disabled tenant's valid token answers 403")
  void disabledTenant() {
    Seed.update("UPDATE tenants SET status = 'disabled' WHERE id = ?", t.id());

    assertStatus(api.get(t.path("/definitions"), t.server()), 403, DISABLED);
  }

  @Test
  @DisplayName("a token signed with the previous secret is accepted while its grace period lasts, refused after")
  void previousSecret() {
    String old = t.tenant.secret();
    Seed.update("UPDATE tenants SET secret_enc = ?, previous_secret_enc = ?, previous_secret_valid_until = now() + interval '1 hour' "
        + "WHERE id = ?", Seed.sealed("rotated-secret", SealedColumn.TENANT_SECRET, t.id()),
        Seed.sealed(old, SealedColumn.TENANT_PREVIOUS_SECRET, t.id()), t.id());
    String token = tenantJwt(t.id(), old, null, 3600);

    assertThat(definitions(token).status()).isEqualTo(200);
    Seed.update("UPDATE tenants SET previous_secret_valid_until = now() - interval '1 second' WHERE id = ?", t.id());
    assertStatus(definitions(token), 401, BAD_TOKEN);
  }

  @Test
  @DisplayName("a player's token reads the player's own coupons and the definitions")
  void playerReadsOwn() {
    t.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));

    assertThat(api.get(t.path("/user/user_123"), t.player("user_123")).json().getInteger("total")).isEqualTo(1);
    assertThat(api.get(t.path("/definitions"), t.player("user_123")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a player's token listing another player's coupons answers 403")
  void playerListsOther() {
    assertStatus(api.get(t.path("/user/user_456"), t.player("user_123")), 403, OTHER_USER);
  }

  @Test
  @DisplayName("a player's token reading another player's coupon answers 403")
  void playerReadsOtherCoupon() {
    Coupon theirs = t.coupon(DefinitionSpec.singleUse(), "user_456", Seed.uniqueCode("WELCOME"));

    assertStatus(api.get(t.path("/user/user_456/" + theirs.id()), t.player("user_123")), 403, OTHER_USER);
  }

  @Test
  @DisplayName("a player's token reading another player's redemptions answers 403")
  void playerReadsOtherRedemptions() {
    assertStatus(api.get(t.path("/user/user_456/redemptions"), t.player("user_123")), 403, OTHER_USER);
  }

  @Test
  @DisplayName("a player's token validating for another player with ?user_id= answers 403")
  void playerValidatesForOther() {
    Coupon theirs = t.coupon(DefinitionSpec.singleUse(), "user_456", Seed.uniqueCode("WELCOME"));

    assertStatus(api.get(t.path("/validate/" + theirs.code() + "?user_id=user_456"), t.player("user_123")), 403, OTHER_USER);
  }

  @Test
  @DisplayName("a player's token redeeming with another user_id in the body answers 403 and changes nothing")
  void playerRedeemsForOther() {
    Coupon theirs = t.coupon(DefinitionSpec.singleUse(), "user_456", Seed.uniqueCode("WELCOME"));
    TenantFixture.State before = t.state(theirs);

    Api.Response response = api.post(t.path("/redeem/" + theirs.code()), userBody("user_456"), t.player("user_123"));

    assertStatus(response, 403, OTHER_USER);
    assertThat(t.state(theirs)).isEqualTo(before);
  }

  @Test
  @DisplayName("a player's token redeeming its own coupon with its own user_id succeeds")
  void playerRedeemsOwn() {
    Coupon mine = t.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));

    Api.Response response = api.post(t.path("/redeem/" + mine.code()), userBody("user_123"), t.player("user_123"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(t.state(mine).status()).isEqualTo("redeemed");
  }
}
