package gg.phoenix.coupons.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 8725 on tenant JWTs: a sub that is not a non-empty string, a lifetime past JWT_MAX_LIFETIME_SECONDS, and
 * (when configured) another audience or issuer are refused, before and after the token cache has seen them.
 */
@ExtendWith(TestService.class)
class JwtClaimsTest {

  private static final JsonObject BAD_TOKEN = new JsonObject().put("error", "unauthorized").put("message", "Invalid or expired token");

  /** The same service with JWT_AUDIENCE, JWT_ISSUER and a 600 s JWT_MAX_LIFETIME_SECONDS. */
  @RegisterExtension
  static final TestService STRICT = TestService.another(new JsonObject().put("JWT_AUDIENCE", "coupons.example.gg")
      .put("JWT_ISSUER", "https://login.example.gg").put("JWT_MAX_LIFETIME_SECONDS", "600"));

  @Fixture private static Api api;
  private static Api strict;

  @Fixture private Seed.Tenant tenant;

  @BeforeAll
  static void strictService() {
    strict = STRICT.api();
  }

  @BeforeEach
  void seed() {
    UUID item = Seed.rewardItem(tenant.id());
    UUID definition = Seed.definition(tenant.id(), item, DefinitionSpec.singleUse());
    Seed.coupon(tenant.id(), definition, "u1", Seed.uniqueCode("U1"));
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  /** The guide's claims, valid for an hour, with sub set as given (the key left out when absent). */
  private JsonObject claims() {
    long iat = now();
    return new JsonObject().put("sub_type", "tenant").put("sub_id", tenant.id()).put("iat", iat).put("exp", iat + 3600);
  }

  /** Ten minutes from its iat: exactly the strict service's JWT_MAX_LIFETIME_SECONDS, whenever the second turns. */
  private static JsonObject tenMinutes(JsonObject payload) {
    return payload.put("exp", payload.getLong("iat") + 600);
  }

  private String token(JsonObject payload) {
    return Credentials.jwt(new JsonObject().put("alg", "HS256").put("typ", "JWT"), payload, tenant.secret());
  }

  private Api.Response userCoupons(Api service, JsonObject payload) {
    return service.get("/v1/coupons/" + tenant.id() + "/user/u1", Credentials.bearer(token(payload)));
  }

  private static void assertRefused(Api.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.json()).isEqualTo(BAD_TOKEN);
  }

  @Test
  @DisplayName("\"sub\": null does not read as a server token: u1's coupons answer 401, not 200")
  void nullSub() {
    assertRefused(userCoupons(api, claims().putNull("sub")));
  }

  @Test
  @DisplayName("a numeric sub answers 401")
  void numericSub() {
    assertRefused(userCoupons(api, claims().put("sub", 42)));
  }

  @Test
  @DisplayName("an empty or blank sub answers 401")
  void emptySub() {
    assertRefused(userCoupons(api, claims().put("sub", "")));
    assertRefused(userCoupons(api, claims().put("sub", "   ")));
  }

  @Test
  @DisplayName("sub as an object or an array answers 401")
  void structuredSub() {
    assertRefused(userCoupons(api, claims().put("sub", new JsonObject().put("id", "u1"))));
    assertRefused(userCoupons(api, claims().put("sub", new JsonArray().add("u1"))));
  }

  @Test
  @DisplayName("a player's sub as a string still reads that player's coupons, and a token without sub still acts as the server")
  void wellFormedSubs() {
    assertThat(userCoupons(api, claims().put("sub", "u1")).status()).isEqualTo(200);
    assertThat(userCoupons(api, claims()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a token that expires in the year 2100 (no iat) answers 401")
  void expiresIn2100() {
    JsonObject payload = claims().put("exp", Instant.parse("2100-01-01T00:00:00Z").getEpochSecond());
    payload.remove("iat");

    assertRefused(userCoupons(api, payload));
  }

  @Test
  @DisplayName("a token issued now for two days (exp - iat = 172,800 s) answers 401")
  void lifetimeFromIat() {
    assertRefused(userCoupons(api, claims().put("exp", now() + 2 * 86_400)));
  }

  @Test
  @DisplayName("a token issued a day and a half ago that expires in an hour still has too long a lifetime: 401")
  void lifetimeCountsFromIatNotNow() {
    assertRefused(userCoupons(api, claims().put("iat", now() - 129_600).put("exp", now() + 3600)));
  }

  @Test
  @DisplayName("a lifetime of exactly JWT_MAX_LIFETIME_SECONDS (86,400) is accepted, as is the guide's one hour")
  void lifetimeAtTheLimit() {
    long iat = now();
    assertThat(userCoupons(api, claims().put("iat", iat).put("exp", iat + 86_400)).status()).isEqualTo(200);
    assertThat(userCoupons(api, claims()).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("an iat that is not a number answers 401")
  void textIat() {
    assertRefused(userCoupons(api, claims().put("iat", "yesterday")));
  }

  @Test
  @DisplayName("an iat or nbf that is null, text or a list answers 401, not 500")
  void malformedTimeClaims() {
    assertRefused(userCoupons(api, claims().putNull("iat")));
    assertRefused(userCoupons(api, claims().putNull("nbf")));
    assertRefused(userCoupons(api, claims().put("nbf", "now")));
    assertRefused(userCoupons(api, claims().put("nbf", new JsonArray().add(now()))));
    assertThat(userCoupons(api, claims().put("nbf", now())).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a refused token is refused again on every instance and repeat: no cached verdict lets it through")
  void refusedEveryTime() {
    JsonObject payload = claims().putNull("sub");
    for (int i = 0; i < 6; i++) {
      assertRefused(userCoupons(api, payload));
    }
  }

  @Test
  @DisplayName("with JWT_AUDIENCE set, a token without aud or for another audience answers 401; one naming it (string or list) 200")
  void audience() {
    JsonObject ok = tenMinutes(claims()).put("iss", "https://login.example.gg");

    assertRefused(userCoupons(strict, ok.copy()));
    assertRefused(userCoupons(strict, ok.copy().put("aud", "other.example.gg")));
    assertRefused(userCoupons(strict, ok.copy().put("aud", new JsonArray().add("other.example.gg"))));
    assertThat(userCoupons(strict, ok.copy().put("aud", "coupons.example.gg")).status()).isEqualTo(200);
    assertThat(userCoupons(strict, ok.copy().put("aud", new JsonArray().add("x").add("coupons.example.gg"))).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("with JWT_ISSUER set, a token without iss or from another issuer answers 401")
  void issuer() {
    JsonObject ok = tenMinutes(claims()).put("aud", "coupons.example.gg");

    assertRefused(userCoupons(strict, ok.copy()));
    assertRefused(userCoupons(strict, ok.copy().put("iss", "https://evil.example.gg")));
    assertThat(userCoupons(strict, ok.copy().put("iss", "https://login.example.gg")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("JWT_MAX_LIFETIME_SECONDS=600 refuses the guide's one-hour token")
  void configuredLifetime() {
    JsonObject payload = claims().put("aud", "coupons.example.gg").put("iss", "https://login.example.gg");

    assertRefused(userCoupons(strict, payload));
    assertThat(userCoupons(strict, tenMinutes(payload.copy())).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("by default aud and iss are not checked: the guide's tokens carry neither")
  void uncheckedByDefault() {
    assertThat(userCoupons(api, claims().put("aud", "anything").put("iss", "anyone")).status()).isEqualTo(200);
  }
}
