package gg.phoenix.coupons.coupon;

import static gg.phoenix.coupons.support.TenantFixture.TIMESTAMP;
import static gg.phoenix.coupons.support.TenantFixture.error;
import static gg.phoenix.coupons.support.TenantFixture.userBody;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.TenantFixture.Coupon;
import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.Seed.DefinitionSpec;
import gg.phoenix.coupons.support.TestApp;
import gg.phoenix.coupons.support.TenantFixture;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * POST /v1/coupons/{tenant_id}/redeem/{code}: the guide's error table, ownership, multi-use counting and
 * total caps. Every refusal is also checked to leave the coupon, its redemptions and its definition as they were.
 */
@ExtendWith(VertxExtension.class)
class RedeemRulesTest {

  private static Api api;

  private TenantFixture t;

  @BeforeAll
  static void deploy(Vertx vertx) throws Exception {
    api = TestApp.start(vertx);
  }

  @BeforeEach
  void seed() {
    t = new TenantFixture();
  }

  private Coupon coupon(DefinitionSpec spec, String userId) {
    return t.coupon(spec, userId, Seed.uniqueCode("WELCOME"));
  }

  private Api.Response redeem(Coupon coupon, String userId) {
    return api.post(t.path("/redeem/" + coupon.code()), userBody(userId), t.server());
  }

  /** Redeems, expects the refusal exactly, and checks that the database did not move. */
  private void assertRefused(Coupon coupon, String userId, int status, JsonObject error) {
    TenantFixture.State before = t.state(coupon);

    Api.Response response = redeem(coupon, userId);

    assertThat(response.status()).isEqualTo(status);
    assertThat(response.json()).isEqualTo(error);
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("a redeemed coupon is answered exactly as the guide shows it, plus the redemption's id")
  void exactResponse() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");

    Api.Response response = redeem(coupon, "user_123");

    assertThat(response.status()).isEqualTo(200);
    Object redemptionId = Seed.scalar("SELECT id FROM redemptions WHERE coupon_id = ?", coupon.id());
    assertThat(response.json()).isEqualTo(t.expected(coupon)
        .put("status", "redeemed")
        .put("redeemed_at", t.redeemedAt(coupon))
        .put("redemption_count", 1)
        .put("redemption_id", redemptionId.toString()));
    assertThat(response.json().getString("redeemed_at")).matches(TIMESTAMP);
  }

  @Test
  @DisplayName("a redemption is recorded with the tenant, coupon, definition and player")
  void redemptionRecorded() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");

    redeem(coupon, "user_123");

    assertThat(Seed.count("""
        SELECT count(*) FROM redemptions
        WHERE tenant_id = ? AND coupon_id = ? AND definition_id = ? AND user_id = 'user_123' AND rolled_back_at IS NULL""",
        t.id(), coupon.id(), coupon.definitionId())).isEqualTo(1);
  }

  @Test
  @DisplayName("another tenant's code answers 404 'Coupon not found' and stays unused")
  void otherTenantsCode() {
    TenantFixture other = new TenantFixture();
    Coupon theirs = other.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));
    TenantFixture.State before = other.state(theirs);

    Api.Response response = redeem(theirs, "user_123");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json()).isEqualTo(error("coupon_not_found", "Coupon not found"));
    assertThat(other.state(theirs)).isEqualTo(before);
  }

  @Test
  @DisplayName("an expired coupon answers 400 coupon_expired 'Coupon has expired' and changes nothing")
  void expired() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");
    t.window(coupon, null, Instant.now().minus(1, ChronoUnit.MINUTES));

    assertRefused(coupon, "user_123", 400, error("coupon_expired", "Coupon has expired"));
  }

  @Test
  @DisplayName("a coupon before its start answers 400 coupon_not_yet_active 'Coupon not yet active' and changes nothing")
  void notYetActive() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");
    t.window(coupon, Instant.now().plus(1, ChronoUnit.DAYS), null);

    assertRefused(coupon, "user_123", 400, error("coupon_not_yet_active", "Coupon not yet active"));
  }

  @Test
  @DisplayName("a used single-use coupon answers 400 coupon_already_redeemed and changes nothing more")
  void alreadyRedeemed() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");
    assertThat(redeem(coupon, "user_123").status()).isEqualTo(200);

    assertRefused(coupon, "user_123", 400, error("coupon_already_redeemed", "Coupon has already been redeemed"));
  }

  @Test
  @DisplayName("a definition at its total cap answers 400 usage_limit_exceeded 'Usage limit exceeded' and changes nothing")
  void totalCap() {
    UUID definition = t.definition(DefinitionSpec.singleUse().uses(null, 1));
    Coupon first = t.coupon(definition, "user_123", Seed.uniqueCode("WELCOME"));
    Coupon second = t.coupon(definition, "user_456", Seed.uniqueCode("WELCOME"));
    assertThat(redeem(first, "user_123").status()).isEqualTo(200);

    assertRefused(second, "user_456", 400, error("usage_limit_exceeded", "Usage limit exceeded"));
    assertThat(Seed.count("SELECT total_uses FROM coupon_definitions WHERE id = ?", definition)).isEqualTo(1);
  }

  @Test
  @DisplayName("a definition's total cap counts every coupon of it: cap 2 allows two redemptions, the third is refused")
  void totalCapAcrossCoupons() {
    UUID definition = t.definition(DefinitionSpec.singleUse().uses(null, 2));
    Coupon a = t.coupon(definition, null, Seed.uniqueCode("WELCOME"));
    Coupon b = t.coupon(definition, null, Seed.uniqueCode("WELCOME"));

    assertThat(redeem(a, "user_1").status()).isEqualTo(200);
    assertThat(redeem(b, "user_2").status()).isEqualTo(200);
    assertRefused(a, "user_1", 400, error("usage_limit_exceeded", "Usage limit exceeded"));
  }

  @Test
  @DisplayName("a revoked coupon answers 400 coupon_revoked 'Coupon status: revoked' and changes nothing")
  void revoked() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");
    t.setStatus(coupon, "revoked");

    assertRefused(coupon, "user_123", 400, error("coupon_revoked", "Coupon status: revoked"));
  }

  @Test
  @DisplayName("a coupon of a paused definition answers 400 definition_paused 'Coupon definition is paused'")
  void pausedDefinition() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().status("paused"), "user_123");

    assertRefused(coupon, "user_123", 400, error("definition_paused", "Coupon definition is paused"));
  }

  @Test
  @DisplayName("a coupon assigned to another player answers 403 coupon_not_owned and changes nothing")
  void otherOwner() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");

    assertRefused(coupon, "user_456", 403, error("coupon_not_owned", "Coupon is assigned to another user"));
  }

  @Test
  @DisplayName("a multi-use coupon counts up, stays active while uses remain and becomes redeemed on its last use")
  void multiUseCountsUp() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(3, null), "user_123");

    JsonObject first = redeem(coupon, "user_123").json();
    JsonObject second = redeem(coupon, "user_123").json();
    JsonObject third = redeem(coupon, "user_123").json();

    assertThat(first.getInteger("redemption_count")).isEqualTo(1);
    assertThat(first.getString("status")).isEqualTo("active");
    assertThat(second.getInteger("redemption_count")).isEqualTo(2);
    assertThat(second.getString("status")).isEqualTo("active");
    assertThat(third.getInteger("redemption_count")).isEqualTo(3);
    assertThat(third.getString("status")).isEqualTo("redeemed");
    assertThat(third.getString("redeemed_at")).matches(TIMESTAMP);
    assertThat(t.state(coupon)).extracting("status", "redemptionCount", "redemptions").containsExactly("redeemed", 3, 3L);
  }

  @Test
  @DisplayName("a spent multi-use coupon answers 400 coupon_already_redeemed and changes nothing")
  void multiUseSpent() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(2, null), "user_123");
    redeem(coupon, "user_123");
    redeem(coupon, "user_123");

    assertRefused(coupon, "user_123", 400, error("coupon_already_redeemed", "Coupon has already been redeemed"));
  }

  @Test
  @DisplayName("a coupon without a per-coupon limit stays active however often it is used")
  void unlimited() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(null, null), "user_123");

    for (int i = 0; i < 4; i++) {
      assertThat(redeem(coupon, "user_123").status()).isEqualTo(200);
    }

    assertThat(t.state(coupon)).extracting("status", "redemptionCount").containsExactly("active", 4);
  }

  @Test
  @DisplayName("an unassigned coupon becomes the first redeemer's: answered with their user_id and listed as theirs")
  void unassignedTakenByFirstRedeemer() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), null);

    Api.Response response = redeem(coupon, "user_789");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("user_id")).isEqualTo("user_789");
    assertThat(t.state(coupon).userId()).isEqualTo("user_789");
    assertThat(api.get(t.path("/user/user_789"), t.server()).json().getInteger("total")).isEqualTo(1);
  }

  @Test
  @DisplayName("once an unassigned multi-use coupon is taken, another player gets 403 coupon_not_owned")
  void unassignedThenOtherPlayer() {
    Coupon coupon = coupon(DefinitionSpec.singleUse().uses(3, null), null);
    assertThat(redeem(coupon, "user_789").status()).isEqualTo(200);

    assertRefused(coupon, "user_000", 403, error("coupon_not_owned", "Coupon is assigned to another user"));
  }

  @Test
  @DisplayName("a body without user_id answers 400 invalid_user_id for a server's token")
  void missingUserId() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");
    TenantFixture.State before = t.state(coupon);

    Api.Response response = api.post(t.path("/redeem/" + coupon.code()), new JsonObject(), t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_user_id", "user_id is required and must be a string"));
    assertThat(t.state(coupon)).isEqualTo(before);
  }

  @Test
  @DisplayName("a user_id that is not a string answers 400 invalid_user_id")
  void userIdNotString() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");

    Api.Response response = api.post(t.path("/redeem/" + coupon.code()), "{\"user_id\": 123}", t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_user_id", "user_id is required and must be a string"));
  }

  @Test
  @DisplayName("a body that is not a JSON object answers 400 invalid_json")
  void notJson() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");

    Api.Response response = api.post(t.path("/redeem/" + coupon.code()), "user_id=user_123", t.server());

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(error("invalid_json", "The body must be a JSON object"));
    assertThat(t.state(coupon).redemptions()).isZero();
  }

  @Test
  @DisplayName("a player's token without user_id in the body redeems for the token's player")
  void playerTokenImpliesUser() {
    Coupon coupon = coupon(DefinitionSpec.singleUse(), "user_123");

    Api.Response response = api.post(t.path("/redeem/" + coupon.code()), new JsonObject(), t.player("user_123"));

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getString("user_id")).isEqualTo("user_123");
    assertThat(t.state(coupon).redemptions()).isEqualTo(1);
  }
}
