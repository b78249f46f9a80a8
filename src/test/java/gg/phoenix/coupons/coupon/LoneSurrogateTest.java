package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.error;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Credentials;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A lone UTF-16 surrogate (a JSON escape such as \ud800 not in a pair) reaches PostgreSQL as '?': a player id holding
 * one would be another player's there, whose coupons the redeeming statement would hand over.
 */
@ExtendWith(TestService.class)
class LoneSurrogateTest {

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  @Test
  @DisplayName("a redeem body whose user_id holds a lone surrogate answers 400 invalid_request and leaves the coupon of the player named with '?' alone")
  void userIdInBody() {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user?1", Seed.uniqueCode("WELCOME"));
    TenantFixture.State before = t.state(coupon);

    Api.Response response = api.send("POST", t.path("/redeem/" + coupon.code()), "{\"user_id\": \"user\\ud8001\"}",
        t.server(), List.of());

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_request",
        "The request must not contain a lone UTF-16 surrogate (an escape from \\ud800 to \\udfff not in a pair)"));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("a player's token whose sub holds a lone surrogate answers 401 and cannot redeem the coupon of the player named with '?'")
  void subInToken() {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse(), "user?2", Seed.uniqueCode("WELCOME"));
    TenantFixture.State before = t.state(coupon);
    long now = System.currentTimeMillis() / 1000;
    String payload = "{\"sub_type\": \"tenant\", \"sub_id\": \"" + t.id() + "\", \"iat\": " + now + ", \"exp\": " + (now + 600)
        + ", \"sub\": \"user\\udc002\"}";
    String token = Credentials.jwtOfText("{\"alg\": \"HS256\", \"typ\": \"JWT\"}", payload, t.tenant.secret());

    Api.Response response = api.send("POST", t.path("/redeem/" + coupon.code()), "{}", Credentials.bearer(token), List.of());

    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(t.state(coupon)).isEqualTo(before);
  }
}
