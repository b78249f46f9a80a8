package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Fixture;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TenantFixture;
import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** GET /v1/coupons/{tenant_id}/user/{user_id} and /user/{user_id}/{coupon_id}: a player's coupons. */
@ExtendWith(TestService.class)
class UserCouponsTest {

  private static final JsonObject NOT_FOUND = error("coupon_not_found", "Coupon not found");

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private Coupon coupon(String userId) {
    return t.coupon(DefinitionSpec.singleUse(), userId, Seed.uniqueCode("WELCOME"));
  }

  @Test
  @DisplayName("a player's coupons are listed as the guide shows them: {\"coupons\": [coupon], \"total\": 1}")
  void listShape() {
    Coupon coupon = coupon("user_123");

    Api.Response response = api.get(t.path("/user/user_123"), t.server());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("coupons", new JsonArray().add(t.expected(coupon)))
        .put("total", 1)
        .putNull("next_cursor"));
  }

  @Test
  @DisplayName("a player without coupons gets 200 {\"coupons\": [], \"total\": 0, \"next_cursor\": null}")
  void emptyList() {
    coupon("someone_else");

    Api.Response response = api.get(t.path("/user/user_without_coupons"), t.server());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("coupons", new JsonArray()).put("total", 0).putNull("next_cursor"));
  }

  @Test
  @DisplayName("the list holds only this player's coupons in this tenant, newest first")
  void onlyOwnNewestFirst() {
    Coupon older = coupon("user_123");
    Coupon newer = coupon("user_123");
    t.setGeneratedAt(older, "2025-01-01T00:00:00Z");
    t.setGeneratedAt(newer, "2025-02-01T00:00:00Z");
    coupon("user_456");
    coupon(null);
    TenantFixture other = new TenantFixture();
    other.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));

    Api.Response response = api.get(t.path("/user/user_123"), t.server());

    assertThat(response.json().getInteger("total")).isEqualTo(2);
    assertThat(response.json().getJsonArray("coupons").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactly(newer.id().toString(), older.id().toString());
  }

  @Test
  @DisplayName("a redeemed coupon stays in the player's list with status redeemed, redeemed_at and count 1")
  void redeemedStaysListed() {
    Coupon coupon = coupon("user_123");
    assertThat(api.post(t.path("/redeem/" + coupon.code()), userBody("user_123"), t.server()).status()).isEqualTo(200);

    Api.Response response = api.get(t.path("/user/user_123"), t.server());

    assertThat(response.json().getJsonArray("coupons").getJsonObject(0)).isEqualTo(t.expected(coupon)
        .put("status", "redeemed")
        .put("redeemed_at", t.redeemedAt(coupon))
        .put("redemption_count", 1));
  }

  @Test
  @DisplayName("one coupon of the player is answered with the same structure as in the list")
  void oneCoupon() {
    Coupon coupon = coupon("user_123");

    Api.Response response = api.get(t.path("/user/user_123/" + coupon.id()), t.server());

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(t.expected(coupon));
  }

  @Test
  @DisplayName("another player's coupon answers 404 'Coupon not found'")
  void otherUsersCoupon() {
    Coupon coupon = coupon("user_456");

    Api.Response response = api.get(t.path("/user/user_123/" + coupon.id()), t.server());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(NOT_FOUND);
  }

  @Test
  @DisplayName("another tenant's coupon of a player with the same id answers 404 'Coupon not found'")
  void otherTenantsCoupon() {
    TenantFixture other = new TenantFixture();
    Coupon theirs = other.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));

    Api.Response response = api.get(t.path("/user/user_123/" + theirs.id()), t.server());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(NOT_FOUND);
  }

  @Test
  @DisplayName("a coupon id that is not a uuid answers 404 'Coupon not found'")
  void notAUuid() {
    coupon("user_123");

    Api.Response response = api.get(t.path("/user/user_123/not-a-uuid"), t.server());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(NOT_FOUND);
  }

  @Test
  @DisplayName("an unknown coupon id answers 404 'Coupon not found'")
  void unknownId() {
    Api.Response response = api.get(t.path("/user/user_123/" + UUID.randomUUID()), t.server());

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(NOT_FOUND);
  }

  @Test
  @DisplayName("a user id longer than 255 characters answers 400 invalid_user_id")
  void userIdTooLong() {
    Api.Response response = api.get(t.path("/user/" + "u".repeat(256)), t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_user_id", "user_id must be 1 to 255 characters"));
  }
}
