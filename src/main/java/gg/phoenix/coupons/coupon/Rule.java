package gg.phoenix.coupons.coupon;

import gg.phoenix.coupons.api.PlayerContext;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The rules a coupon must pass to be used, each written once: its check in Java, the refusal it answers, and the
 * predicate the redeeming statements of {@link CouponSql} are built from. In the order the guide lists them: the
 * first rule a coupon breaks decides the answer.
 *
 * <p>A predicate names the coupon row being updated {@code c}, and writes {@code {player}} and {@code {now}} for
 * the statement's player and time, {@code {read}} for the coupon as its statement read it, with its
 * definition's columns and effective dates (CouponSql's COUPON_COLUMNS), {@code {eligibility}} for the definition's
 * config.eligibility (jsonb, null without rules) and {@code {context}} for the request's {@link PlayerContext} as
 * jsonb (null when the request had none).
 */
enum Rule {

  /** An assigned coupon is only its player's; an unassigned one becomes the first redeemer's. */
  OWNED_BY_PLAYER(Recheck.ON_THE_LOCKED_ROW, "(c.user_id IS NULL OR c.user_id = {player})") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return userId != null && coupon.userId() != null && !coupon.userId().equals(userId) ? Rejection.OTHER_OWNER : null;
    }
  },

  DEFINITION_ACTIVE(Recheck.ON_THE_SNAPSHOT, "{read}.definition_status = 'active'") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return "active".equals(coupon.definitionStatus()) ? null : Rejection.inactiveDefinition(coupon.definitionStatus());
    }
  },

  COUPON_ACTIVE(Recheck.ON_THE_LOCKED_ROW, "c.status = 'active'") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      if ("active".equals(coupon.status())) {
        return null;
      }
      if ("redeemed".equals(coupon.status())) {
        return coupon.isSingleUse() ? Rejection.ALREADY_USED : Rejection.USED_UP;
      }
      return Rejection.inactiveStatus(coupon.status());
    }
  },

  /**
   * A code of a revoked batch is refused as a revoked code from the commit of the revocation, while its job has not
   * reached the code yet. Index coupon_batches_revoked makes the question one probe of the revoked batches. A scalar
   * subquery, not NOT EXISTS: in an OR, PostgreSQL may hash a NOT EXISTS, reading every revoked batch of every tenant
   * for each statement.
   */
  BATCH_NOT_REVOKED(Recheck.ON_THE_LOCKED_ROW, "(c.batch_id IS NULL OR " + CouponSql.BATCH_REVOKED_AT + " IS NULL)") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return coupon.batchRevoked() ? Rejection.inactiveStatus("revoked") : null;
    }
  },

  /** The status says it already (its last use makes a coupon redeemed); the locked row's count is the proof. */
  USES_LEFT(Recheck.ON_THE_LOCKED_ROW, "(c.max_uses IS NULL OR c.redemption_count < c.max_uses)") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return coupon.maxUses() == null || coupon.redemptionCount() < coupon.maxUses() ? null : Rejection.ALREADY_USED;
    }
  },

  NOT_EXPIRED(Recheck.ON_THE_SNAPSHOT, "({read}.expires_at IS NULL OR {read}.expires_at > {now})") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return coupon.expiresAt() == null || now.isBefore(coupon.expiresAt()) ? null : Rejection.EXPIRED;
    }
  },

  STARTED(Recheck.ON_THE_SNAPSHOT, "({read}.starts_at IS NULL OR {read}.starts_at <= {now})") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return coupon.startsAt() == null || !now.isBefore(coupon.startsAt()) ? null : Rejection.NOT_YET_ACTIVE;
    }
  },

  /**
   * The definition's eligibility rules admit the player as the request's context describes them ({@link
   * gg.phoenix.coupons.api.Eligibility#admits}); a rule whose field the context lacks does not. Nothing to evaluate
   * without rules, the common case.
   */
  ELIGIBLE(Recheck.IN_THE_STATEMENT, """
      ({eligibility} IS NULL OR COALESCE(
        (NOT {eligibility} ? 'countries' OR {eligibility} -> 'countries' ? ({context} ->> 'country'))
        AND (NOT {eligibility} ? 'platforms' OR {eligibility} -> 'platforms' ? ({context} ->> 'platform'))
        AND (NOT {eligibility} ? 'min_level'
             OR ({context} ->> 'level')::bigint >= ({eligibility} ->> 'min_level')::bigint)
        AND (NOT {eligibility} ? 'segments'
             OR {eligibility} -> 'segments' ?| ARRAY(SELECT jsonb_array_elements_text({context} -> 'segments')))
        AND (NOT {eligibility} ? 'new_players_since'
             OR ({context} ->> 'player_created_at')::timestamptz > ({eligibility} ->> 'new_players_since')::timestamptz),
        false))""") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return coupon.eligibility() == null || coupon.eligibility().admits(context) ? null : Rejection.NOT_ELIGIBLE;
    }
  },

  /**
   * The batch takes no definition with a total cap: their uses are counted through the guard, and CONSUME_USE
   * raises the definition's total, which its CHECK constraint keeps within the cap.
   */
  BELOW_TOTAL_CAP(Recheck.BY_THE_TOTAL_COUNTER, "{read}.total_uses_cap IS NULL") {
    @Override
    Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now) {
      return coupon.totalCapReached() ? Rejection.LIMIT_EXCEEDED : null;
    }
  };

  /** How the guarded route's CONSUME_USE holds a rule that Java checked on its snapshot of the coupon. */
  enum Recheck {
    /** In its WHERE clause: the coupon's own state, which every use changes. */
    ON_THE_LOCKED_ROW,
    /** Not again: the definition's state and the dates change only through management. */
    ON_THE_SNAPSHOT,
    /**
     * In its WHERE clause, with the definition's rules as the statement reads them and the request's context as a
     * parameter: a rule changed through management since the snapshot holds from the statement on.
     */
    IN_THE_STATEMENT,
    /** By raising the definition's total uses, which its CHECK constraint keeps within the cap. */
    BY_THE_TOTAL_COUNTER
  }

  private final Recheck recheck;
  private final String predicate;

  Rule(Recheck recheck, String predicate) {
    this.recheck = recheck;
    this.predicate = predicate;
  }

  /**
   * Why {@code coupon} may not be used under this rule, or null when it may.
   *
   * @param userId the player who would use it, or null when not known (validation without a player)
   * @param context what the request says of the player
   */
  abstract Rejection refusal(CouponRow coupon, String userId, PlayerContext context, Instant now);

  Recheck recheck() {
    return recheck;
  }

  /** The rules that CONSUME_USE holds {@code how}, in this enum's order. */
  static EnumSet<Rule> rechecked(Recheck how) {
    return Arrays.stream(values()).filter(rule -> rule.recheck == how)
        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Rule.class)));
  }

  /** The predicate with a statement's names for {@code {player}}, {@code {now}}, {@code {read}} and the others it uses. */
  String predicate(Map<String, String> names) {
    String sql = predicate;
    for (Map.Entry<String, String> name : names.entrySet()) {
      sql = sql.replace("{" + name.getKey() + "}", name.getValue());
    }
    if (sql.contains("{")) {
      throw new IllegalArgumentException(this + " needs a name the statement does not give: " + sql);
    }
    return sql;
  }

  /** The predicates of {@code rules}, in this enum's order, joined by AND. */
  static String where(EnumSet<Rule> rules, Map<String, String> names) {
    return rules.stream().map(rule -> rule.predicate(names)).collect(Collectors.joining("\n    AND "));
  }
}
