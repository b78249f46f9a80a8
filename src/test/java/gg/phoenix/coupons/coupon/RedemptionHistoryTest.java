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
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** GET /v1/coupons/{tenant_id}/user/{user_id}/redemptions?limit=N: a player's redemptions, newest first. */
@ExtendWith(TestService.class)
class RedemptionHistoryTest {

  private static final JsonObject BAD_LIMIT =
      error("invalid_limit", "limit must be a whole number from 1 (values above 1000 are capped)");

  @Fixture private static Api api;
  @Fixture private TenantFixture t;

  private Coupon redeemed(String userId, DefinitionSpec spec) {
    Coupon coupon = t.coupon(spec, userId, Seed.uniqueCode("WELCOME"));
    assertThat(api.post(t.path("/redeem/" + coupon.code()), userBody(userId), t.server()).status()).isEqualTo(200);
    return coupon;
  }

  private Api.Response history(String userId, String query) {
    return api.get(t.path("/user/" + userId + "/redemptions" + query), t.server());
  }

  private static List<String> codes(Api.Response response) {
    return response.json().getJsonArray("redemptions").stream().map(r -> ((JsonObject) r).getString("code")).toList();
  }

  /** Gives a coupon's redemptions a known time, so that order does not depend on how fast the test ran. */
  private static void redeemedAt(Coupon coupon, String isoInstant) {
    Seed.update("UPDATE redemptions SET redeemed_at = ?::timestamptz WHERE coupon_id = ?", isoInstant, coupon.id());
  }

  /** Adds {@code n} redemptions of one unlimited coupon, a second apart, straight into the table. */
  private void bulkRedemptions(String userId, int n) {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse().uses(null, null), userId, Seed.uniqueCode("BULK"));
    Seed.update("""
        INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id, redeemed_at)
        SELECT ?, ?, ?, ?, now() - g * interval '1 second' FROM generate_series(1, ?) g""",
        t.id(), coupon.id(), coupon.definitionId(), userId, n);
  }

  @Test
  @DisplayName("a redemption is listed as the guide shows it: the coupon, redeemed_at of the use, and its redemption_id")
  void guideShape() {
    Coupon coupon = redeemed("user_123", DefinitionSpec.singleUse());
    redeemedAt(coupon, "2025-01-15T14:30:00Z");
    Seed.update("UPDATE coupons SET redeemed_at = '2025-01-15T14:30:00Z' WHERE id = ?", coupon.id());
    Object redemptionId = Seed.scalar("SELECT id FROM redemptions WHERE coupon_id = ?", coupon.id());

    Api.Response response = history("user_123", "?limit=100");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject()
        .put("redemptions", new JsonArray().add(t.expected(coupon)
            .put("status", "redeemed")
            .put("redeemed_at", "2025-01-15T14:30:00Z")
            .put("redemption_count", 1)
            .put("redemption_id", redemptionId.toString())))
        .put("total", 1));
  }

  @Test
  @DisplayName("a player without redemptions gets 200 {\"redemptions\": [], \"total\": 0}")
  void empty() {
    t.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));

    Api.Response response = history("user_123", "");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json()).isEqualTo(new JsonObject().put("redemptions", new JsonArray()).put("total", 0));
  }

  @Test
  @DisplayName("redemptions are listed newest first by the time of the redemption")
  void newestFirst() {
    Coupon a = redeemed("user_123", DefinitionSpec.singleUse());
    Coupon b = redeemed("user_123", DefinitionSpec.singleUse());
    Coupon c = redeemed("user_123", DefinitionSpec.singleUse());
    redeemedAt(a, "2025-01-17T00:00:00Z");
    redeemedAt(b, "2025-01-15T00:00:00Z");
    redeemedAt(c, "2025-01-16T00:00:00Z");

    Api.Response response = history("user_123", "");

    assertThat(codes(response)).containsExactly(a.code(), c.code(), b.code());
    assertThat(response.json().getJsonArray("redemptions").stream().map(r -> ((JsonObject) r).getString("redeemed_at")))
        .containsExactly("2025-01-17T00:00:00Z", "2025-01-16T00:00:00Z", "2025-01-15T00:00:00Z");
  }

  @Test
  @DisplayName("each use of a multi-use coupon is its own entry")
  void multiUseEntries() {
    Coupon coupon = t.coupon(DefinitionSpec.singleUse().uses(3, null), "user_123", Seed.uniqueCode("WELCOME"));
    api.post(t.path("/redeem/" + coupon.code()), userBody("user_123"), t.server());
    api.post(t.path("/redeem/" + coupon.code()), userBody("user_123"), t.server());

    Api.Response response = history("user_123", "");

    assertThat(response.json().getInteger("total")).isEqualTo(2);
    assertThat(codes(response)).containsExactly(coupon.code(), coupon.code());
    assertThat(response.json().getJsonArray("redemptions").stream().map(r -> ((JsonObject) r).getString("redemption_id")))
        .doesNotHaveDuplicates();
  }

  @Test
  @DisplayName("only this player's redemptions in this tenant are listed")
  void onlyOwn() {
    Coupon mine = redeemed("user_123", DefinitionSpec.singleUse());
    redeemed("user_456", DefinitionSpec.singleUse());
    TenantFixture other = new TenantFixture();
    Coupon theirs = other.coupon(DefinitionSpec.singleUse(), "user_123", Seed.uniqueCode("WELCOME"));
    api.post(other.path("/redeem/" + theirs.code()), userBody("user_123"), other.server());

    assertThat(codes(history("user_123", ""))).containsExactly(mine.code());
  }

  @Test
  @DisplayName("a rolled-back redemption is not listed")
  void rolledBackHidden() {
    Coupon kept = redeemed("user_123", DefinitionSpec.singleUse());
    Coupon undone = redeemed("user_123", DefinitionSpec.singleUse());
    Seed.update("UPDATE redemptions SET rolled_back_at = now(), rollback_reason = 'test' WHERE coupon_id = ?", undone.id());

    Api.Response response = history("user_123", "");

    assertThat(codes(response)).containsExactly(kept.code());
    assertThat(response.json().getInteger("total")).isEqualTo(1);
  }

  @Test
  @DisplayName("limit=2 answers the two newest while total counts all of the player's redemptions")
  void limitPages() {
    Coupon a = redeemed("user_123", DefinitionSpec.singleUse());
    Coupon b = redeemed("user_123", DefinitionSpec.singleUse());
    Coupon c = redeemed("user_123", DefinitionSpec.singleUse());
    redeemedAt(a, "2025-01-01T00:00:00Z");
    redeemedAt(b, "2025-01-02T00:00:00Z");
    redeemedAt(c, "2025-01-03T00:00:00Z");

    Api.Response response = history("user_123", "?limit=2");

    assertThat(codes(response)).containsExactly(c.code(), b.code());
    assertThat(response.json().getInteger("total")).isEqualTo(3);
  }

  @Test
  @DisplayName("without limit at most 100 redemptions are answered")
  void defaultLimit() {
    bulkRedemptions("user_bulk", 101);

    Api.Response response = history("user_bulk", "");

    assertThat(response.json().getJsonArray("redemptions")).hasSize(100);
    assertThat(response.json().getInteger("total")).isEqualTo(101);
  }

  @Test
  @DisplayName("limit above 1000 is capped at 1000, and limit=1000 answers 1000")
  void limitCapped() {
    bulkRedemptions("user_bulk", 1001);

    Api.Response capped = history("user_bulk", "?limit=5000");
    Api.Response max = history("user_bulk", "?limit=1000");

    assertThat(capped.status()).isEqualTo(200);
    assertThat(capped.json().getJsonArray("redemptions")).hasSize(1000);
    assertThat(capped.json().getInteger("total")).isEqualTo(1001);
    assertThat(max.json().getJsonArray("redemptions")).hasSize(1000);
  }

  @ParameterizedTest(name = "limit={0} answers 400 invalid_limit")
  @ValueSource(strings = {"0", "-1", "abc", "1.5", "", "10abc"})
  @DisplayName("a limit that is not a whole number from 1 answers 400 invalid_limit")
  void badLimit(String limit) {
    Api.Response response = history("user_123", "?limit=" + limit);

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.json()).isEqualTo(BAD_LIMIT);
  }

  @Test
  @DisplayName("a limit too large for an int is still a whole number above 1000: capped, not refused")
  void hugeLimitCapped() {
    bulkRedemptions("user_bulk", 3);

    Api.Response response = history("user_bulk", "?limit=99999999999");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.json().getInteger("total")).isEqualTo(3);
  }
}
