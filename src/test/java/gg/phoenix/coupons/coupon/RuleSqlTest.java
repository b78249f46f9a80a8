package gg.phoenix.coupons.coupon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The redeeming statements hold the rules as {@link Rule} writes them: the batch every rule, CONSUME_USE those on
 * the coupon's own row again under lock. Read from the statements' text, no database.
 */
class RuleSqlTest {

  private static final Map<String, String> BATCH = Map.of("player", "t.entered_user", "now", "t.entered_at", "read", "t",
      "eligibility", "t.eligibility", "context", "t.entered_context");
  private static final Map<String, String> CONSUME_USE = Map.of("player", "$3", "now", "$4",
      "eligibility", "rules.eligibility", "context", "$8::jsonb");

  @ParameterizedTest(name = "{0}")
  @EnumSource(Rule.class)
  @DisplayName("the batched own-coupon statement holds every rule in its WHERE clause")
  void batchHoldsEveryRule(Rule rule) {
    assertThat(whereOfUpdate(CouponSql.CONSUME_OWN_COUPONS_BY_CODE)).contains(rule.predicate(BATCH));
  }

  static Stream<Rule> inConsumeUse() {
    return Stream.concat(Rule.rechecked(Rule.Recheck.ON_THE_LOCKED_ROW).stream(),
        Rule.rechecked(Rule.Recheck.IN_THE_STATEMENT).stream());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inConsumeUse")
  @DisplayName("CONSUME_USE holds the rules on the coupon's own row again, on the row it locks, and the eligibility rules with the request's context")
  void consumeUseRechecksTheRow(Rule rule) {
    assertThat(whereOfUpdate(CouponSql.CONSUME_USE)).contains(rule.predicate(CONSUME_USE));
  }

  @Test
  @DisplayName("every rule says how CONSUME_USE holds it, and those it leaves to the snapshot are about the definition and the dates")
  void everyRuleHasItsRecheck() {
    assertThat(Rule.rechecked(Rule.Recheck.ON_THE_LOCKED_ROW))
        .containsExactly(Rule.OWNED_BY_PLAYER, Rule.COUPON_ACTIVE, Rule.BATCH_NOT_REVOKED, Rule.USES_LEFT);
    assertThat(Rule.rechecked(Rule.Recheck.IN_THE_STATEMENT)).containsExactly(Rule.ELIGIBLE);
    assertThat(Rule.rechecked(Rule.Recheck.ON_THE_SNAPSHOT))
        .containsExactly(Rule.DEFINITION_ACTIVE, Rule.NOT_EXPIRED, Rule.STARTED);
    assertThat(Rule.rechecked(Rule.Recheck.BY_THE_TOTAL_COUNTER)).containsExactly(Rule.BELOW_TOTAL_CAP);
    EnumSet<Rule> all = EnumSet.noneOf(Rule.class);
    for (Rule.Recheck how : Rule.Recheck.values()) {
      all.addAll(Rule.rechecked(how));
    }
    assertThat(all).containsExactlyInAnyOrder(Rule.values());
  }

  @Test
  @DisplayName("CONSUME_USE raises the definition's total uses, which its CHECK constraint keeps within the total cap")
  void consumeUseCountsTheTotal() {
    assertThat(CouponSql.CONSUME_USE).contains("UPDATE coupon_definitions SET total_uses = total_uses + 1");
  }

  @Test
  @DisplayName("a predicate rendered for a statement that lacks one of its names fails at once")
  void missingName() {
    assertThatThrownBy(() -> Rule.NOT_EXPIRED.predicate(CONSUME_USE)).isInstanceOf(IllegalArgumentException.class);
  }

  /** The WHERE clause of the statement's UPDATE of coupons, up to its RETURNING. */
  private static String whereOfUpdate(String sql) {
    int update = sql.indexOf("UPDATE coupons c SET");
    int where = sql.indexOf("WHERE", update);
    return sql.substring(where, sql.indexOf("RETURNING", where));
  }
}
