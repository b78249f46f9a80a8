package gg.phoenix.coupons.coupon;

import java.util.EnumSet;
import java.util.Map;

/** The SQL of the coupon rules. Every statement is prepared and takes its values as parameters. */
final class CouponSql {

  /**
   * When the coupon {@code c}'s batch was revoked, or null (no batch, or not revoked): one probe of the partial index
   * coupon_batches_revoked per coupon (Rule.BATCH_NOT_REVOKED). The batch is joined by the coupon's own tenant, which
   * routes nothing: written as a row comparison so that ShardReadinessTest does not take it for the statement's
   * filter by tenant (PostgreSQL splits it into the two equalities the index is probed with).
   */
  static final String BATCH_REVOKED_AT = "(SELECT b.revoked_at FROM coupon_batches b"
      + " WHERE (b.tenant_id, b.id) = (c.tenant_id, c.batch_id) AND b.revoked_at IS NOT NULL)";

  /**
   * Columns that {@link CouponRow#from} reads: a coupon with its definition and reward item, the definition's
   * eligibility rules, and whether the coupon's batch is revoked (Rule.BATCH_NOT_REVOKED's question).
   */
  private static final String COUPON_COLUMNS = """
      c.id, c.tenant_id, c.definition_id, c.kind, c.user_id, c.code, c.status, c.redemption_count, c.max_uses,
      c.generated_at, COALESCE(c.starts_at, d.starts_at) AS starts_at,
      COALESCE(c.expires_at, d.expires_at) AS expires_at, c.redeemed_at,
      d.name AS definition_name, d.status AS definition_status, d.case_sensitive, d.coupon_type,
      d.uses_per_coupon, d.total_uses_cap, d.total_uses, d.reward_items, d.config -> 'eligibility' AS eligibility,
      """ + "(c.batch_id IS NOT NULL AND " + BATCH_REVOKED_AT + " IS NOT NULL) AS batch_revoked,\n" + """
      r.id AS item_id, r.name AS item_name, r.description AS item_description, r.reward_type, r.payload AS item_payload
      """;

  private static final String COUPON_JOINS = """
      FROM coupons c
      JOIN coupon_definitions d ON d.id = c.definition_id
      JOIN reward_items r ON r.id = d.reward_item_id
      """;

  /**
   * The coupons (or public codes) that a batch of entries names, tenant $1 and code $2 (arrays of the same length),
   * case ignored (CouponRules.codeMatches then applies a definition's case sensitivity): the rows found, each with
   * the number n (from 1, in the arrays' order) of the entry that named it; none for an unknown code. Each entry is
   * looked up on its own through the index coupons_code_key, then its definition and reward item by their keys: the
   * LIMIT (codes are unique) keeps the lookup from being joined as a whole, which a generic plan, blind to that
   * uniqueness, did with a scan of every coupon (hundreds of ms for a batch).
   */
  static final String FIND_BY_CODES = "SELECT e.n, " + COUPON_COLUMNS
      + " FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS e(entered_tenant, entered_code, n)"
      + " CROSS JOIN LATERAL (SELECT * FROM coupons WHERE tenant_id = e.entered_tenant"
      + " AND lower(code) = lower(e.entered_code) AND kind <> 'claim' LIMIT 1) c"
      + " JOIN coupon_definitions d ON d.id = c.definition_id"
      + " JOIN reward_items r ON r.id = d.reward_item_id";

  /**
   * The tenant's public codes in lower case, as their definitions name them. A hint for lookups, never the only
   * word: a code missing here is still found in coupons.
   */
  static final String PUBLIC_CODES = """
      SELECT lower(config->>'code') AS code FROM coupon_definitions
      WHERE tenant_id = $1 AND config->>'code' IS NOT NULL
      LIMIT $2
      """;

  static final String FIND_BY_ID = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.id = $1";

  static final String FIND_BY_IDS = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.id = ANY($1) ORDER BY c.generated_at, c.id";

  /** A player's share of a public code. */
  static final String FIND_CLAIM = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.definition_id = $1 AND c.user_id = $2 AND c.kind = 'claim'";

  /**
   * The player's claim on a public code, made on first use. No row back means another transaction made it
   * after this statement's snapshot was taken: run it again and it is seen.
   */
  static final String CLAIM_PUBLIC_CODE = """
      WITH made AS (
        INSERT INTO coupons (tenant_id, definition_id, kind, user_id, code, max_uses)
        VALUES ($1, $2, 'claim', $3, $4, $5)
        ON CONFLICT (definition_id, user_id) WHERE kind = 'claim' DO NOTHING
        RETURNING id, generated_at
      )
      SELECT id, generated_at FROM made
      UNION ALL
      SELECT id, generated_at FROM coupons WHERE definition_id = $2 AND user_id = $3 AND kind = 'claim'
      LIMIT 1
      """;

  static final String FIND_DEFINITION = """
      SELECT id, tenant_id, name, description, config, status, starts_at, expires_at, created_at, translations
      FROM coupon_definitions WHERE id = $1
      """;

  static final String DEFINITION_TOTAL_USES = "SELECT total_uses FROM coupon_definitions WHERE id = $1";

  static final String FIND_USER_COUPON = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.tenant_id = $1 AND c.user_id = $2 AND c.id = $3";

  /**
   * A page of the player's coupons, newest first ($3 the page's size plus one), with the count of all of them
   * (Pages). {@link #LIST_USER_COUPONS_AFTER} is the next page, after the cursor's generated_at $4 and id $5; both
   * read the index coupons_user (tenant_id, user_id, generated_at DESC).
   */
  static final String LIST_USER_COUPONS = userCouponsPage("");

  static final String LIST_USER_COUPONS_AFTER = userCouponsPage(
      "AND c.generated_at <= $4 AND (c.generated_at < $4 OR c.id > $5)");

  private static String userCouponsPage(String after) {
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM coupons WHERE tenant_id = $1 AND user_id = $2) total"
        + " LEFT JOIN (SELECT " + COUPON_COLUMNS + COUPON_JOINS
        + " WHERE c.tenant_id = $1 AND c.user_id = $2 " + after
        + " ORDER BY c.generated_at DESC, c.id LIMIT $3) page ON true"
        + " ORDER BY page.generated_at DESC, page.id";
  }

  /** Newest first; total_count counts every redemption of the player, not only the page. */
  static final String LIST_USER_REDEMPTIONS = "SELECT " + COUPON_COLUMNS + """
      , x.id AS redemption_id, x.redeemed_at AS redemption_redeemed_at, count(*) OVER () AS total_count
      FROM redemptions x
      JOIN coupons c ON c.id = x.coupon_id
      JOIN coupon_definitions d ON d.id = c.definition_id
      JOIN reward_items r ON r.id = d.reward_item_id
      WHERE x.tenant_id = $1 AND x.user_id = $2 AND x.rolled_back_at IS NULL
      ORDER BY x.redeemed_at DESC, x.id
      LIMIT $3
      """;

  /**
   * A page of the tenant's active definitions, oldest first ($2 the page's size plus one), with the count of all
   * (Pages); {@link #LIST_ACTIVE_DEFINITIONS_AFTER} starts after the cursor's created_at $3 and id $4. Index
   * coupon_definitions_active (tenant_id, created_at, id) WHERE status = 'active'.
   */
  static final String LIST_ACTIVE_DEFINITIONS = activeDefinitionsPage("");

  static final String LIST_ACTIVE_DEFINITIONS_AFTER = activeDefinitionsPage("AND (created_at, id) > ($3, $4)");

  private static String activeDefinitionsPage(String after) {
    String active = "tenant_id = $1 AND status = 'active' AND (expires_at IS NULL OR expires_at > now())";
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM coupon_definitions WHERE " + active + ") total"
        + " LEFT JOIN (SELECT id, tenant_id, name, description, config, status, starts_at, expires_at, created_at, translations"
        + " FROM coupon_definitions WHERE " + active + " " + after
        + " ORDER BY created_at, id LIMIT $2) page ON true"
        + " ORDER BY page.created_at, page.id";
  }

  /**
   * Consumes one use and records the redemption and its coupon.redeemed event ($6 event_id, $7 the event as
   * built by the caller) in one statement, atomic on its own. The coupon is updated only while it passes the
   * rules on its own row (Rule.Recheck.ON_THE_LOCKED_ROW: active, of a batch not revoked, owned by nobody or by this
   * player, uses left) and the definition's eligibility rules, read here, admit the context $8 (Rule.ELIGIBLE);
   * when the definition has a total cap ($5 true) its counter is raised too, and raising it past the cap fails
   * the statement (Rule.BELOW_TOTAL_CAP). The caller checked every rule on its snapshot first. Row locks make concurrent
   * attempts queue, and each re-checks the conditions on the row as committed. No row back (or SQLSTATE
   * 23514) means nothing was kept.
   */
  static final String CONSUME_USE = """
      WITH used AS (
        UPDATE coupons c SET
          redemption_count = c.redemption_count + 1,
          user_id = $3,
          redeemed_at = $4,
          status = CASE WHEN c.max_uses IS NOT NULL AND c.redemption_count + 1 >= c.max_uses THEN 'redeemed' ELSE c.status END
        FROM (SELECT config -> 'eligibility' AS eligibility FROM coupon_definitions WHERE id = $2) rules
        WHERE c.id = $1
          AND %s
        RETURNING c.id, c.tenant_id, c.definition_id, c.user_id, c.status, c.redemption_count, c.redeemed_at, c.generated_at
      ), total AS (
        -- Counted only along with a use. Past the cap, the definition's CHECK (total_uses <= total_uses_cap)
        -- fails the whole statement (SQLSTATE 23514), so the use above is not kept either.
        UPDATE coupon_definitions SET total_uses = total_uses + 1
        WHERE $5 AND id = $2 AND EXISTS (SELECT 1 FROM used)
        RETURNING id
      ), redemption AS (
        INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id, redeemed_at)
        SELECT tenant_id, id, definition_id, user_id, redeemed_at FROM used
        RETURNING id, coupon_id
      ), event AS (
        -- the coupon.redeemed event, in the same statement: it exists exactly when the redemption commits.
        -- $7 is the event built by the caller ($6 its event_id); the values this statement decides are laid over it.
        INSERT INTO outbox_events (event_id, type, tenant_id, payload)
        SELECT $6, $7::jsonb ->> 'type', used.tenant_id, $7::jsonb || jsonb_build_object(
                 'user_id', used.user_id,
                 'redemption_id', redemption.id,
                 'coupon', ($7::jsonb -> 'coupon') || jsonb_build_object(
                   'id', used.id, 'user_id', used.user_id, 'status', used.status, 'redemption_count', used.redemption_count,
                   'generated_at', to_char(used.generated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')))
        FROM redemption JOIN used ON used.id = redemption.coupon_id
      )
      SELECT redemption.id AS redemption_id, used.user_id, used.status, used.redemption_count, used.redeemed_at
      FROM redemption JOIN used ON used.id = redemption.coupon_id
      """.formatted(Rule.where(consumeUseRules(),
      Map.of("player", "$3", "now", "$4", "eligibility", "rules.eligibility", "context", "$8::jsonb")));

  /** The rules CONSUME_USE holds in its WHERE clause. */
  static EnumSet<Rule> consumeUseRules() {
    EnumSet<Rule> rules = Rule.rechecked(Rule.Recheck.ON_THE_LOCKED_ROW);
    rules.addAll(Rule.rechecked(Rule.Recheck.IN_THE_STATEMENT));
    return rules;
  }

  /**
   * Redeems players' own coupons by their codes, a batch in one statement: for every entry (tenant $1, code $2,
   * player $3, time $4, event id $5, context $6 as JSON text or null, arrays of the same length), find the code, check every Rule, consume the use,
   * record the redemption and write the whole coupon.redeemed event (built here in the shape of CouponJson.coupon;
   * iso(x) is written out below as Timestamps.format does it). Only a code that is a coupon of its own without a
   * total cap is used here: public codes and capped definitions go through the Redis guard first, so they come
   * back as read, unused.
   * One row per entry, numbered n from 1 in the arrays' order: without a coupon when the code is unknown, without
   * a redemption when the use was not kept. Two entries naming the same coupon reach the same row of coupons, and
   * an UPDATE changes a row once: RETURNING t.n says which entry that use belongs to, so the other gets no use.
   */
  static final String CONSUME_OWN_COUPONS_BY_CODE = withIsoTimestamps("""
      WITH entry AS (
        SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[])
          WITH ORDINALITY AS e(entered_tenant, entered_code, entered_user, entered_at, event_id, entered_context, n)
      ), target AS (
        SELECT e.n, e.entered_code, e.entered_user, e.entered_at, e.event_id, e.entered_context::jsonb AS entered_context, %s
        FROM entry e
        JOIN coupons c ON c.tenant_id = e.entered_tenant AND lower(c.code) = lower(e.entered_code) AND c.kind <> 'claim'
        JOIN coupon_definitions d ON d.id = c.definition_id
        JOIN reward_items r ON r.id = d.reward_item_id
      ), used AS (
        UPDATE coupons c SET
          redemption_count = c.redemption_count + 1,
          user_id = t.entered_user,
          redeemed_at = t.entered_at,
          status = CASE WHEN c.max_uses IS NOT NULL AND c.redemption_count + 1 >= c.max_uses THEN 'redeemed' ELSE c.status END
        FROM target t
        WHERE c.id = t.id AND t.kind = 'coupon'
          AND (NOT t.case_sensitive OR t.code = t.entered_code)
          AND %s
        RETURNING t.n, c.id, c.user_id, c.status, c.redemption_count, c.redeemed_at
      ), redemption AS (
        INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id, redeemed_at)
        SELECT t.tenant_id, used.id, t.definition_id, used.user_id, used.redeemed_at FROM used JOIN target t ON t.n = used.n
        RETURNING id, coupon_id
      ), event AS (
        INSERT INTO outbox_events (event_id, type, tenant_id, payload)
        SELECT t.event_id, 'coupon.redeemed', t.tenant_id, jsonb_build_object(
                 'event_id', t.event_id::text, 'type', 'coupon.redeemed', 'tenant_id', t.tenant_id,
                 'occurred_at', iso(used.redeemed_at), 'user_id', used.user_id, 'redemption_id', redemption.id,
                 'reward_item', item.json, 'reward_items', COALESCE(t.reward_items, jsonb_build_array(item.json)),
                 'coupon', jsonb_build_object(
                   'id', used.id, 'definition_id', t.definition_id, 'definition_name', t.definition_name,
                   'tenant_id', t.tenant_id, 'user_id', used.user_id, 'code', t.code, 'status', used.status,
                   'generated_at', iso(t.generated_at), 'starts_at', iso(t.starts_at),
                   'expires_at', iso(t.expires_at), 'redeemed_at', iso(used.redeemed_at),
                   'redemption_count', used.redemption_count, 'coupon_type', t.coupon_type, 'reward_item', item.json)
                   || CASE WHEN t.reward_items IS NULL THEN '{}' ELSE jsonb_build_object('reward_items', t.reward_items) END)
        FROM used
        JOIN target t ON t.n = used.n
        JOIN redemption ON redemption.coupon_id = used.id
        CROSS JOIN LATERAL (SELECT jsonb_build_object('item_id', t.item_id, 'name', t.item_name,
          'description', t.item_description, 'reward_type', t.reward_type, 'payload', t.item_payload) AS json) item
      )
      SELECT e.n, t.*, redemption.id AS redemption_id, used.user_id AS used_user_id, used.status AS used_status,
             used.redemption_count AS used_redemption_count, used.redeemed_at AS used_redeemed_at
      FROM entry e
      LEFT JOIN target t ON t.n = e.n
      LEFT JOIN used ON used.n = e.n
      LEFT JOIN redemption ON redemption.coupon_id = used.id
      """.formatted(COUPON_COLUMNS,
      Rule.where(EnumSet.allOf(Rule.class), Map.of("player", "t.entered_user", "now", "t.entered_at", "read", "t",
          "eligibility", "t.eligibility", "context", "t.entered_context"))));

  private static String withIsoTimestamps(String sql) {
    return sql.replaceAll("iso\\(([\\w.]+)\\)", "to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')");
  }

  /**
   * Gives one use back: marks the redemption rolled back (once: a second attempt finds rolled_back_at set and
   * changes nothing), lowers the definition's total when it has a total cap (CONSUME_USE raises it only then),
   * lowers the coupon's count and makes a used-up coupon active again (a revoked one stays revoked).
   * The coupon's update waits for the definition's so that locks are taken in CONSUME_USE's order.
   * $1 redemption id, $2 tenant, $3 rolled_back_at, $4 reason. No row back: unknown or already rolled back.
   */
  static final String ROLLBACK_REDEMPTION = """
      WITH rolled AS (
        UPDATE redemptions SET rolled_back_at = $3, rollback_reason = $4
        WHERE id = $1 AND tenant_id = $2 AND rolled_back_at IS NULL
        RETURNING id, coupon_id, definition_id, user_id
      ), total AS (
        UPDATE coupon_definitions d SET total_uses = d.total_uses - 1
        FROM rolled
        WHERE d.id = rolled.definition_id AND d.total_uses_cap IS NOT NULL AND d.total_uses > 0
        RETURNING d.id
      ), used AS (
        UPDATE coupons c SET
          redemption_count = c.redemption_count - 1,
          redeemed_at = CASE WHEN c.redemption_count = 1 THEN NULL ELSE c.redeemed_at END,
          status = CASE WHEN c.status = 'redeemed' THEN 'active' ELSE c.status END
        FROM rolled
        WHERE c.id = rolled.coupon_id AND c.redemption_count > 0 AND (SELECT count(*) FROM total) >= 0
        RETURNING c.id
      )
      SELECT rolled.id AS redemption_id, rolled.coupon_id, rolled.user_id, (SELECT count(*) FROM used) AS coupons_updated
      FROM rolled
      """;

  /** Whether a redemption of the tenant exists, and whether it is already rolled back. */
  static final String REDEMPTION_STATE = """
      SELECT rolled_back_at FROM redemptions WHERE id = $1 AND tenant_id = $2
      """;

  private CouponSql() {
  }
}
