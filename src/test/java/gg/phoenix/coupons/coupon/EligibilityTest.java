package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.invalid;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.Studio;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Eligibility rules on validate (its query parameters, a player's claims), on public codes, and the context's
 * malformed forms. The rules on each redemption route: RedeemRulesTest.
 */
@ExtendWith(TestService.class)
class EligibilityTest {

  private static final String NOT_AVAILABLE = "Coupon is not available for this player";

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private static JsonArray list(String... values) {
    return new JsonArray(List.<Object>of(values));
  }

  private Coupon coupon(JsonObject rules) {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));
    t.eligibility(coupon.definitionId(), rules);
    return coupon;
  }

  private Api.Response validate(Coupon coupon, String query, Api.Auth auth) {
    return api.get(t.path("/validate/" + coupon.code() + query), auth);
  }

  @Test
  @DisplayName("validate reads a server's country, platform, level, segments (comma-separated) and player_created_at parameters")
  void validateWithQuery() {
    Coupon coupon = coupon(new JsonObject().put("countries", list("DE")).put("platforms", list("ios")).put("min_level", 10)
        .put("segments", list("vip")).put("new_players_since", "2026-01-01T00:00:00Z"));

    Api.Response response = validate(coupon,
        "?user_id=user_123&country=de&platform=IOS&level=12&segments=beta,vip&player_created_at=2026-03-01T00:00:00Z", t.server());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
    assertThat(response.json().getBoolean("valid")).isTrue();
    assertThat(response.json().getJsonObject("coupon").getString("id")).isEqualTo(coupon.id().toString());
  }

  @Test
  @DisplayName("validate of a player the rules do not admit, or whose needed field is missing, answers valid false 'Coupon is not available for this player'")
  void validateRefused() {
    Coupon coupon = coupon(new JsonObject().put("countries", list("DE")).put("min_level", 10));

    assertThat(validate(coupon, "?country=FR&level=12", t.server()).json()).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(validate(coupon, "?country=DE", t.server()).json()).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(validate(coupon, "", t.hmac()).json()).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(validate(coupon, "?country=DE&level=10", t.hmac()).json().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("validate with a player's token uses its context claim; the same token sending context parameters gets 403 context_not_allowed")
  void validateWithPlayerToken() {
    Coupon coupon = coupon(new JsonObject().put("countries", list("DE")));

    Api.Response fromClaim = validate(coupon, "", t.player("user_123", new JsonObject().put("country", "DE")));
    Api.Response noClaim = validate(coupon, "", t.player("user_123"));
    Api.Response widened = validate(coupon, "?country=DE", t.player("user_123", new JsonObject().put("country", "FR")));

    assertThat(fromClaim.json().getBoolean("valid")).as(fromClaim.body()).isTrue();
    assertThat(noClaim.json()).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(widened.status()).isEqualTo(403);
    assertThat(widened.json()).isEqualTo(error("context_not_allowed",
        "A player's token carries the player's context in its claims; the request cannot send one"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "?country=Deutschland | country must be an ISO 3166-1 alpha-2 country code such as DE",
      "?platform=           | platform must be a non-empty string of at most 64 characters such as ios",
      "?level=high          | level must be a whole number from 0 to 2147483647",
      "?level=-1            | level must be a whole number from 0 to 2147483647",
      "?level=99999999999   | level must be a whole number from 0 to 2147483647",
      "?segments=vip,,beta  | segments must be a list of at most 100 non-empty strings of at most 64 characters",
      "?player_created_at=yesterday | player_created_at must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z",
      "?country=DE&country=FR | Send country once"})
  @DisplayName("malformed context parameters of validate answer 400 invalid_context naming the parameter")
  void validateBadQuery(String query, String message) {
    Coupon coupon = coupon(new JsonObject().put("countries", list("DE")));

    Api.Response response = validate(coupon, query, t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_context", message));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "\"DE\"                     | invalid_context | context must be a JSON object",
      "{\"country\": 49}          | invalid_context | context.country must be an ISO 3166-1 alpha-2 country code such as DE",
      "{\"level\": 1.5}           | invalid_context | context.level must be a whole number from 0 to 2147483647",
      "{\"segments\": \"vip\"}    | invalid_context | context.segments must be a list of at most 100 non-empty strings of at most 64 characters",
      "{\"player_created_at\": 5} | invalid_context | context.player_created_at must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z",
      "{\"region\": \"EU\"}       | unknown_field   | Unknown field context.region: context takes country, level, platform, player_created_at, segments"})
  @DisplayName("a malformed context in a redeem body answers 400 naming the field, and changes nothing")
  void redeemBadContext(String context, String code, String message) {
    Coupon coupon = coupon(new JsonObject().put("countries", list("DE")));
    TenantFixture.State before = t.state(coupon);

    Api.Response response = api.send("POST", t.path("/redeem/" + coupon.code()),
        "{\"user_id\": \"user_123\", \"context\": " + context + "}", t.server(), List.of());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error(code, message));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("a player's token whose context claim is malformed answers 400 invalid_context; one whose claim is no object, 401")
  void badContextClaim() {
    Coupon coupon = coupon(new JsonObject().put("min_level", 5));
    long now = System.currentTimeMillis() / 1000;
    JsonObject claims = new JsonObject().put("sub_type", "tenant").put("sub_id", t.id()).put("iat", now).put("exp", now + 600)
        .put("sub", "user_123").put("context", "level 9");

    Api.Response malformed = api.post(t.path("/redeem/" + coupon.code()), new JsonObject(),
        t.player("user_123", new JsonObject().put("level", "high")));
    Api.Response notObject = api.post(t.path("/redeem/" + coupon.code()), new JsonObject(),
        Credentials.bearer(Credentials.jwt(new JsonObject().put("alg", "HS256").put("typ", "JWT"), claims, t.tenant.secret())));

    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json()).isEqualTo(error("invalid_context",
        "The token's context claim: context.level must be a whole number from 0 to 2147483647"));
    assertThat(notObject.status()).isEqualTo(401);
    assertThat(t.state(coupon).redemptions()).isZero();
  }

  @Test
  @DisplayName("a public code's eligibility holds on redeem and validate; PATCH of the rules holds at once, whatever was cached")
  void publicCode() {
    Studio studio = new Studio(api, t.id(), t.tenant.secret());
    String code = Seed.uniqueCode("LAUNCH");
    JsonObject definition = studio.definition(new JsonObject().put("code_format", "fixed").put("code", code)
        .put("usage_limit", Studio.perUser(1, null)).put("eligibility", new JsonObject().put("platforms", list("steam"))));
    String id = definition.getString("id");
    JsonObject steam = new JsonObject().put("platform", "steam");

    Api.Response refused = studio.post("/redeem/" + code, userBody("p1").put("context", new JsonObject().put("platform", "ios")));
    Api.Response redeemed = studio.post("/redeem/" + code, userBody("p2").put("context", steam));
    JsonObject validSteam = studio.get("/validate/" + code + "?platform=steam").json();
    JsonObject validIos = studio.get("/validate/" + code + "?platform=ios").json();
    studio.patch("/definitions/" + id, new JsonObject().put("config", new JsonObject()
        .put("eligibility", new JsonObject().put("platforms", list("playstation")))));
    JsonObject steamAfterChange = studio.get("/validate/" + code + "?platform=steam").json();
    Api.Response redeemAfterChange = studio.post("/redeem/" + code, userBody("p3").put("context", steam));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json()).isEqualTo(error("not_eligible", NOT_AVAILABLE));
    assertThat(redeemed.status()).as(redeemed.body()).isEqualTo(200);
    assertThat(validSteam.getBoolean("valid")).isTrue();
    assertThat(validIos).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(steamAfterChange).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(redeemAfterChange.json()).isEqualTo(error("not_eligible", NOT_AVAILABLE));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"+10000-01-01T00:00:00Z", "0000-12-31T00:00:00Z", "-0001-01-01T00:00:00Z"})
  @DisplayName("a player_created_at outside the years 0001 to 9999, which PostgreSQL cannot compare, answers 400 invalid_context on redeem and validate, not 500")
  void createdAtOutOfRange(String createdAt) {
    Coupon coupon = coupon(new JsonObject().put("new_players_since", "2026-01-01T00:00:00Z"));
    TenantFixture.State before = t.state(coupon);
    String message = "player_created_at must be an ISO-8601 UTC timestamp such as 2025-12-31T23:59:59Z";

    Api.Response redeem = api.post(t.path("/redeem/" + coupon.code()),
        userBody("user_123").put("context", new JsonObject().put("player_created_at", createdAt)), t.server());
    Api.Response validate = validate(coupon, "?user_id=user_123&player_created_at="
        + java.net.URLEncoder.encode(createdAt, java.nio.charset.StandardCharsets.UTF_8), t.server());

    assertThat(redeem.status()).as(redeem.body()).isEqualTo(400);
    assertThat(redeem.json()).isEqualTo(error("invalid_context", "context." + message));
    assertThat(validate.status()).as(validate.body()).isEqualTo(400);
    assertThat(validate.json()).isEqualTo(error("invalid_context", message));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("player_created_at and new_players_since compare to the microsecond PostgreSQL keeps: validate and redeem give the same answer")
  void createdAtFinerThanMicroseconds() {
    Coupon coupon = coupon(new JsonObject().put("new_players_since", "2026-01-01T00:00:00.0000006Z"));
    JsonObject context = new JsonObject().put("player_created_at", "2026-01-01T00:00:00.0000009Z");

    JsonObject validate = validate(coupon, "?user_id=user_123&player_created_at=2026-01-01T00:00:00.0000009Z", t.server()).json();
    Api.Response redeem = api.post(t.path("/redeem/" + coupon.code()), userBody("user_123").put("context", context), t.server());

    assertThat(validate).isEqualTo(invalid(NOT_AVAILABLE));
    assertThat(redeem.status()).as(redeem.body()).isEqualTo(400);
    assertThat(redeem.json()).isEqualTo(error("not_eligible", NOT_AVAILABLE));
  }

  @Test
  @DisplayName("a player's token whose context claim holds a NUL character, which PostgreSQL's jsonb cannot hold, answers 400 invalid_context, not 500")
  void nulInContextClaim() {
    Coupon coupon = coupon(new JsonObject().put("platforms", list("ios")));
    TenantFixture.State before = t.state(coupon);

    Api.Response platform = api.post(t.path("/redeem/" + coupon.code()), new JsonObject(),
        t.player("user_123", new JsonObject().put("platform", "ios\u0000")));
    Api.Response segment = api.post(t.path("/redeem/" + coupon.code()), new JsonObject(),
        t.player("user_123", new JsonObject().put("platform", "ios").put("segments", list("vip\u0000"))));

    assertThat(platform.status()).as(platform.body()).isEqualTo(400);
    assertThat(platform.json()).isEqualTo(error("invalid_context",
        "The token's context claim: context.platform must be a non-empty string of at most 64 characters such as ios"));
    assertThat(segment.status()).as(segment.body()).isEqualTo(400);
    assertThat(segment.json().getString("error")).isEqualTo("invalid_context");
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("a context platform or segment holding a lone surrogate, which reaches PostgreSQL as '?', is refused: it cannot match a rule of '?' in SQL only")
  void loneSurrogateInContext() {
    Coupon coupon = coupon(new JsonObject().put("platforms", list("?")));
    TenantFixture.State before = t.state(coupon);
    long now = System.currentTimeMillis() / 1000;
    String claims = "{\"sub_type\": \"tenant\", \"sub_id\": \"" + t.id() + "\", \"iat\": " + now + ", \"exp\": " + (now + 600)
        + ", \"sub\": \"user_123\", \"context\": {\"platform\": \"\\ud800\"}}";
    String token = Credentials.jwtOfText("{\"alg\": \"HS256\", \"typ\": \"JWT\"}", claims, t.tenant.secret());

    Api.Response fromClaim = api.send("POST", t.path("/redeem/" + coupon.code()), "{}", Credentials.bearer(token), List.of());
    Api.Response fromBody = api.send("POST", t.path("/redeem/" + coupon.code()),
        "{\"user_id\": \"user_123\", \"context\": {\"platform\": \"?\", \"segments\": [\"vip\\udc00\"]}}", t.server(), List.of());

    assertThat(fromClaim.status()).as(fromClaim.body()).isEqualTo(400);
    assertThat(fromClaim.json()).isEqualTo(error("invalid_context",
        "The token's context claim: context.platform must be a non-empty string of at most 64 characters such as ios"));
    assertThat(fromBody.status()).as(fromBody.body()).isEqualTo(400);
    assertThat(fromBody.json().getString("error")).isEqualTo("invalid_request");
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("an HMAC-signed redeem states the context in its body like a server's token")
  void hmacRedeem() {
    Coupon coupon = coupon(new JsonObject().put("segments", list("vip")));

    Api.Response response = api.post(t.path("/redeem/" + coupon.code()),
        userBody("user_123").put("context", new JsonObject().put("segments", list("vip"))), t.hmac());

    assertThat(response.status()).as(response.body()).isEqualTo(200);
  }
}
