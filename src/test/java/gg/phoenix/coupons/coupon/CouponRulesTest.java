package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.api.ApiError;
import gg.phoenix.coupons.api.Eligibility;
import gg.phoenix.coupons.api.PlayerContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules on their own: rows made here, no database. */
class CouponRulesTest {

  /** What the requests of these cases say of their player: no rule below but ELIGIBLE's asks for France. */
  private static final PlayerContext CONTEXT = new PlayerContext("DE", "ios", 12L, List.of("vip"), Instant.parse("2026-01-01T00:00:00Z"));

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  /** A coupon row that passes every rule until a case changes one of its fields. */
  private static final class Row {
    String kind = "coupon";
    String userId = "user_123";
    String code = "WELCOME2025";
    String status = "active";
    int redemptionCount = 0;
    Integer maxUses = 1;
    Instant startsAt = null;
    Instant expiresAt = NOW.plus(DAY);
    String definitionStatus = "active";
    boolean caseSensitive = false;
    Integer totalUsesCap = null;
    int totalUses = 0;
    Eligibility eligibility = null;
    boolean batchRevoked = false;

    CouponRow build() {
      return new CouponRow(UUID.randomUUID(), "t-rules", UUID.randomUUID(), kind, userId, code, status, redemptionCount,
          maxUses, NOW.minus(DAY), startsAt, expiresAt, null, "Welcome Bonus", definitionStatus, caseSensitive, "reward",
          maxUses, totalUsesCap, totalUses,
          new CouponRow.RewardItem(UUID.randomUUID(), "100 Bonus Points", "Grants 100", "points", new JsonObject()), null,
          eligibility, batchRevoked);
    }
  }

  /** A row that breaks {@code rule} and no other. */
  private static CouponRow breaking(Rule rule) {
    Row row = new Row();
    switch (rule) {
      case OWNED_BY_PLAYER -> row.userId = "user_456";
      case DEFINITION_ACTIVE -> row.definitionStatus = "paused";
      case COUPON_ACTIVE -> row.status = "revoked";
      case USES_LEFT -> {
        row.maxUses = 3;
        row.redemptionCount = 3;
      }
      case NOT_EXPIRED -> row.expiresAt = NOW.minusSeconds(1);
      case STARTED -> row.startsAt = NOW.plusSeconds(1);
      case BATCH_NOT_REVOKED -> row.batchRevoked = true;
      case ELIGIBLE -> row.eligibility = Eligibility.parse(new JsonObject().put("countries", new JsonArray().add("FR")));
      case BELOW_TOTAL_CAP -> {
        row.totalUsesCap = 5;
        row.totalUses = 5;
      }
    }
    return row.build();
  }

  private static Optional<Rejection> check(Row row, String userId) {
    return CouponRules.check(row.build(), userId, CONTEXT, NOW);
  }

  @Test
  @DisplayName("a coupon that breaks no rule may be used")
  void usable() {
    assertThat(check(new Row(), "user_123")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Rule.class)
  @DisplayName("a coupon that breaks one rule is refused by that rule, and every other rule lets it pass")
  void eachRuleRefusesWhatBreaksIt(Rule rule) {
    CouponRow coupon = breaking(rule);

    assertThat(rule.refusal(coupon, "user_123", CONTEXT, NOW)).isNotNull();
    assertThat(CouponRules.check(coupon, "user_123", CONTEXT, NOW)).contains(rule.refusal(coupon, "user_123", CONTEXT, NOW));
    assertThat(Arrays.stream(Rule.values()).filter(other -> other != rule))
        .allSatisfy(other -> assertThat(other.refusal(coupon, "user_123", CONTEXT, NOW)).as(other.name()).isNull());
  }

  @Test
  @DisplayName("the first rule broken in the guide's order decides: another player's expired coupon is 'not owned'")
  void firstBrokenRuleDecides() {
    Row row = new Row();
    row.userId = "user_456";
    row.expiresAt = NOW.minus(DAY);
    row.definitionStatus = "archived";

    assertThat(check(row, "user_123")).contains(Rejection.OTHER_OWNER);
    assertThat(check(row, "user_456").orElseThrow().redeemError().code()).isEqualTo("definition_archived");
  }

  @Test
  @DisplayName("an expired coupon that has not started yet is refused as expired, the guide's order")
  void expiredBeforeNotYetActive() {
    Row row = new Row();
    row.startsAt = NOW.plus(DAY);
    row.expiresAt = NOW.minus(DAY);

    assertThat(check(row, "user_123")).contains(Rejection.EXPIRED);
  }

  @Test
  @DisplayName("another player's coupon answers 403 coupon_not_owned; without a player (validation) ownership is not checked")
  void ownership() {
    Row row = new Row();

    assertThat(check(row, "user_456").orElseThrow().redeemError().status()).isEqualTo(403);
    assertThat(check(row, "user_456").orElseThrow().redeemError().code()).isEqualTo("coupon_not_owned");
    assertThat(check(row, null)).isEmpty();
  }

  @Test
  @DisplayName("an unassigned coupon may be used by any player")
  void unassigned() {
    Row row = new Row();
    row.userId = null;

    assertThat(check(row, "anyone")).isEmpty();
  }

  @Test
  @DisplayName("a redeemed single-use coupon is 'already used'; a redeemed multi-use one shows its status; both refuse coupon_already_redeemed")
  void redeemed() {
    Row single = new Row();
    single.status = "redeemed";
    single.redemptionCount = 1;
    Row multi = new Row();
    multi.status = "redeemed";
    multi.maxUses = 3;
    multi.redemptionCount = 3;

    assertThat(check(single, "user_123")).contains(Rejection.ALREADY_USED);
    assertThat(check(single, "user_123").orElseThrow().validateMessage()).isEqualTo("Coupon has already been used");
    assertThat(check(multi, "user_123")).contains(Rejection.USED_UP);
    assertThat(check(multi, "user_123").orElseThrow().validateMessage()).isEqualTo("Coupon status: redeemed");
    assertThat(check(multi, "user_123").orElseThrow().redeemError().code()).isEqualTo("coupon_already_redeemed");
  }

  @Test
  @DisplayName("a revoked coupon is refused with coupon_revoked 'Coupon status: revoked'")
  void revoked() {
    Row row = new Row();
    row.status = "revoked";

    assertThat(check(row, "user_123").orElseThrow().redeemError().code()).isEqualTo("coupon_revoked");
    assertThat(check(row, "user_123").orElseThrow().validateMessage()).isEqualTo("Coupon status: revoked");
  }

  @Test
  @DisplayName("a coupon of a paused definition is refused with definition_paused 'Coupon definition is paused'")
  void pausedDefinition() {
    Row row = new Row();
    row.definitionStatus = "paused";

    assertThat(check(row, "user_123").orElseThrow().redeemError().code()).isEqualTo("definition_paused");
    assertThat(check(row, "user_123").orElseThrow().validateMessage()).isEqualTo("Coupon definition is paused");
  }

  @Test
  @DisplayName("a coupon is expired from its expiry instant on, and usable from its start instant on")
  void windowBoundaries() {
    Row expiresNow = new Row();
    expiresNow.expiresAt = NOW;
    Row startsNow = new Row();
    startsNow.startsAt = NOW;
    Row noDates = new Row();
    noDates.expiresAt = null;

    assertThat(check(expiresNow, "user_123")).contains(Rejection.EXPIRED);
    assertThat(check(startsNow, "user_123")).isEmpty();
    assertThat(check(noDates, "user_123")).isEmpty();
  }

  @Test
  @DisplayName("a coupon of a definition at its total cap is refused with usage_limit_exceeded; one use below it passes")
  void totalCap() {
    Row atCap = new Row();
    atCap.totalUsesCap = 2;
    atCap.totalUses = 2;
    Row belowCap = new Row();
    belowCap.totalUsesCap = 2;
    belowCap.totalUses = 1;

    assertThat(check(atCap, "user_123")).contains(Rejection.LIMIT_EXCEEDED);
    assertThat(check(belowCap, "user_123")).isEmpty();
  }

  @Test
  @DisplayName("a coupon without a per-coupon limit passes however often it was used")
  void unlimitedUses() {
    Row row = new Row();
    row.maxUses = null;
    row.redemptionCount = 1_000;

    assertThat(check(row, "user_123")).isEmpty();
  }

  @Test
  @DisplayName("a code of a revoked batch is refused exactly as a revoked code: coupon_revoked 'Coupon status: revoked'")
  void batchRevoked() {
    Row row = new Row();
    row.batchRevoked = true;

    assertThat(check(row, "user_123")).contains(Rejection.inactiveStatus("revoked"));
  }

  @Test
  @DisplayName("a player the eligibility rules do not admit is refused with not_eligible 'Coupon is not available for this player'")
  void notEligible() {
    Row row = new Row();
    row.eligibility = Eligibility.parse(new JsonObject().put("countries", new JsonArray().add("FR")));

    Rejection refused = check(row, "user_123").orElseThrow();

    assertThat(refused.validateMessage()).isEqualTo("Coupon is not available for this player");
    assertThat(refused.redeemError()).isEqualTo(new ApiError(400, "not_eligible", "Coupon is not available for this player"));
  }

  @Test
  @DisplayName("an entered code names a coupon whatever its case, unless the definition is case-sensitive")
  void codeMatches() {
    Row insensitive = new Row();
    Row sensitive = new Row();
    sensitive.caseSensitive = true;

    assertThat(CouponRules.codeMatches(insensitive.build(), "welcome2025")).isTrue();
    assertThat(CouponRules.codeMatches(sensitive.build(), "welcome2025")).isFalse();
    assertThat(CouponRules.codeMatches(sensitive.build(), "WELCOME2025")).isTrue();
    assertThat(CouponRules.codeMatches(insensitive.build(), "WELCOME2026")).isFalse();
  }
}
