package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.invalid;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's case rule (WELCOME8X4F2K9P = welcome8x4f2k9p = Welcome8X4F2K9P unless case_sensitive) and blanks. */
@ExtendWith(TestService.class)
class CaseSensitivityTest {

  private static final String CODE = "WELCOME8X4F2K9P";

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private Coupon guideCoupon(boolean caseSensitive) {
    return t.coupon(DefinitionSpec.singleUse().caseSensitive(caseSensitive), "user_123", CODE);
  }

  private Api.Response validate(String code) {
    return api.get(t.path("/validate/" + code), t.server());
  }

  private Api.Response redeem(String code) {
    return api.post(t.path("/redeem/" + code), userBody("user_123"), t.server());
  }

  @ParameterizedTest(name = "{0} validates the coupon WELCOME8X4F2K9P")
  @ValueSource(strings = {"WELCOME8X4F2K9P", "welcome8x4f2k9p", "Welcome8X4F2K9P"})
  @DisplayName("by default any case of the code validates the stored coupon")
  void caseInsensitiveValidate(String entered) {
    Coupon coupon = guideCoupon(false);

    Api.Response response = validate(entered);

    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("valid", true).put("coupon", t.expected(coupon)).putNull("definition").putNull("error"));
  }

  @Test
  @DisplayName("by default a lower-case code redeems the stored coupon, which keeps its own spelling")
  void caseInsensitiveRedeem() {
    Coupon coupon = guideCoupon(false);

    Api.Response response = redeem("welcome8x4f2k9p");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("code")).isEqualTo(CODE);
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }

  @Test
  @DisplayName("with case_sensitive true the exact code validates")
  void caseSensitiveExact() {
    Coupon coupon = guideCoupon(true);

    assertThat(validate(CODE).json().getJsonObject("coupon")).isEqualTo(t.expected(coupon));
  }

  @ParameterizedTest(name = "{0} is 'Coupon code not found' when case_sensitive")
  @ValueSource(strings = {"welcome8x4f2k9p", "Welcome8X4F2K9P"})
  @DisplayName("with case_sensitive true another case answers 'Coupon code not found'")
  void caseSensitiveValidateMismatch(String entered) {
    guideCoupon(true);

    Api.Response response = validate(entered);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(invalid("Coupon code not found"));
  }

  @Test
  @DisplayName("with case_sensitive true redeeming another case answers 404 'Coupon not found' and changes nothing")
  void caseSensitiveRedeemMismatch() {
    Coupon coupon = guideCoupon(true);
    TenantFixture.State before = t.state(coupon);

    Api.Response response = redeem("welcome8x4f2k9p");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(error("coupon_not_found", "Coupon not found"));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("spaces around the code (percent-encoded in the path) are ignored when validating")
  void whitespaceValidate() {
    Coupon coupon = guideCoupon(false);

    Api.Response response = validate("%20%20" + CODE + "%20");

    assertThat(response.json().getBoolean("valid")).isTrue();
    assertThat(response.json().getJsonObject("coupon").getString("id")).isEqualTo(coupon.id().toString());
  }

  @Test
  @DisplayName("spaces around a lower-case code are ignored when redeeming")
  void whitespaceRedeem() {
    Coupon coupon = guideCoupon(false);

    Api.Response response = redeem("%20welcome8x4f2k9p%20");

    assertThat(response.status()).isEqualTo(200);
    assertThat(t.state(coupon).status()).isEqualTo("redeemed");
  }

  @Test
  @DisplayName("spaces around the exact code are ignored even when case_sensitive")
  void whitespaceCaseSensitive() {
    guideCoupon(true);

    assertThat(validate("%20" + CODE + "%20").json().getBoolean("valid")).isTrue();
  }

  @Test
  @DisplayName("codes are unique per tenant whatever their case, yet another tenant may use the same code")
  void uniquePerTenantIgnoringCase() {
    Coupon coupon = guideCoupon(true);
    UUID definition = coupon.definitionId();

    assertThatThrownBy(() -> Seed.coupon(t.id(), definition, "user_456", "welcome8x4f2k9p"))
        .isInstanceOf(IllegalStateException.class);
    TenantFixture other = new TenantFixture();
    other.coupon(DefinitionSpec.singleUse(), "user_123", CODE);
    assertThat(api.get(other.path("/validate/" + CODE), other.server()).json().getBoolean("valid")).isTrue();
  }
}
