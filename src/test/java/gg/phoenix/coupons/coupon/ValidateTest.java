package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.invalid;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /v1/coupons/{tenant_id}/validate/{code}: always 200 for business outcomes, with the guide's messages. */
@ExtendWith(TestService.class)
class ValidateTest {

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private Coupon coupon(DefinitionSpec spec) {
    return t.coupon(spec, "user_123", Seed.uniqueCode("WELCOME"));
  }

  private Api.Response validate(String code) {
    return api.get(t.path("/validate/" + code), t.server());
  }

  private void redeem(Coupon coupon) {
    assertThat(api.post(t.path("/redeem/" + coupon.code()), userBody("user_123"), t.server()).status()).isEqualTo(200);
  }

  private static void assertInvalid(Api.Response response, String message) {
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(invalid(message));
  }

  @Test
  @DisplayName("a usable coupon answers 200 {\"valid\": true, \"coupon\": {...}, \"definition\": null, \"error\": null}")
  void valid() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());

    Api.Response response = validate(coupon.code());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("valid", true)
        .put("coupon", t.expected(coupon))
        .putNull("definition")
        .putNull("error"));
  }

  @Test
  @DisplayName("validating changes nothing: the coupon stays active with no redemption")
  void validateChangesNothing() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());
    TenantFixture.State before = t.state(coupon);

    validate(coupon.code());

    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("an unknown code answers valid false with 'Coupon code not found'")
  void notFound() {
    assertInvalid(validate("NOPE1234"), "Coupon code not found");
  }

  @Test
  @DisplayName("another tenant's code answers 'Coupon code not found'")
  void otherTenantsCode() {
    Coupon theirs = new TenantFixture().coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));

    assertInvalid(validate(theirs.code()), "Coupon code not found");
  }

  @Test
  @DisplayName("a coupon past its expires_at answers 'Coupon has expired'")
  void expired() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());
    t.window(coupon, null, Instant.now().minus(1, ChronoUnit.MINUTES));

    assertInvalid(validate(coupon.code()), "Coupon has expired");
  }

  @Test
  @DisplayName("a coupon without dates of its own expires with its definition: 'Coupon has expired'")
  void expiredThroughDefinition() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().window(null, Instant.now().minus(1, ChronoUnit.MINUTES)));
    t.window(coupon, null, null);

    assertInvalid(validate(coupon.code()), "Coupon has expired");
  }

  @Test
  @DisplayName("a coupon before its starts_at answers 'Coupon not yet active'")
  void notYetActive() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());
    t.window(coupon, Instant.now().plus(1, ChronoUnit.DAYS), null);

    assertInvalid(validate(coupon.code()), "Coupon not yet active");
  }

  @Test
  @DisplayName("a redeemed single-use coupon answers 'Coupon has already been used'")
  void singleUseUsed() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());
    redeem(coupon);

    assertInvalid(validate(coupon.code()), "Coupon has already been used");
  }

  @Test
  @DisplayName("a multi-use coupon whose uses are spent answers 'Coupon status: redeemed'")
  void multiUseUsedUp() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(2, null));
    redeem(coupon);
    redeem(coupon);

    assertInvalid(validate(coupon.code()), "Coupon status: redeemed");
  }

  @Test
  @DisplayName("a multi-use coupon with uses left is still valid")
  void multiUsePartlyUsed() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(2, null));
    redeem(coupon);

    Api.Response response = validate(coupon.code());

    assertThat(response.json().getBoolean("valid")).isTrue();
    assertThat(response.json().getJsonObject("coupon").getInteger("redemption_count")).isEqualTo(1);
    assertThat(response.json().getJsonObject("coupon").getString("status")).isEqualTo("active");
  }

  @Test
  @DisplayName("a revoked coupon answers 'Coupon status: revoked'")
  void revoked() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());
    t.setStatus(coupon, "revoked");

    assertInvalid(validate(coupon.code()), "Coupon status: revoked");
  }

  @Test
  @DisplayName("status is checked before dates: a revoked coupon that has also expired answers 'Coupon status: revoked'")
  void statusBeforeDates() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());
    t.setStatus(coupon, "revoked");
    t.window(coupon, null, Instant.now().minus(1, ChronoUnit.DAYS));

    assertInvalid(validate(coupon.code()), "Coupon status: revoked");
  }

  @Test
  @DisplayName("a coupon of a paused definition answers 'Coupon definition is paused'")
  void pausedDefinition() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().status("paused"));

    assertInvalid(validate(coupon.code()), "Coupon definition is paused");
  }

  @Test
  @DisplayName("a coupon whose definition reached its total cap answers 'Usage limit exceeded'")
  void totalCapReached() {
    java.util.UUID definition = t.definition(DefinitionSpec.singleUse().uses(1, 1));
    Coupon first = t.coupon(definition, "user_123", Seed.uniqueCode("WELCOME"));
    Coupon second = t.coupon(definition, "user_123", Seed.uniqueCode("WELCOME"));
    redeem(first);

    assertInvalid(validate(second.code()), "Usage limit exceeded");
  }

  @Test
  @DisplayName("a player's token validating another player's coupon answers 'Coupon is assigned to another user'")
  void playerTokenOtherOwner() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());

    Api.Response response = api.get(t.path("/validate/" + coupon.code()), t.player("user_456"));

    assertInvalid(response, "Coupon is assigned to another user");
  }

  @Test
  @DisplayName("a server may validate for a player with ?user_id=: the owner is valid, anyone else is not")
  void serverNamesPlayer() {
    Coupon coupon = coupon(DefinitionSpec.singleUse());

    Api.Response owner = api.get(t.path("/validate/" + coupon.code() + "?user_id=user_123"), t.server());
    Api.Response stranger = api.get(t.path("/validate/" + coupon.code() + "?user_id=user_456"), t.server());

    assertThat(owner.json().getBoolean("valid")).isTrue();
    assertInvalid(stranger, "Coupon is assigned to another user");
  }
}
