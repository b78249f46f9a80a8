package gg.phoenix.coupons.coupon;

/** The SQL of the coupon rules. Every statement is prepared and takes its values as parameters. */
final class CouponSql {

  /** Columns that {@link CouponRow#from} reads: a coupon with its definition and reward item. */
  private static final String COUPON_COLUMNS = """
      c.id, c.tenant_id, c.definition_id, c.kind, c.user_id, c.code, c.status, c.redemption_count, c.max_uses,
      c.generated_at, COALESCE(c.starts_at, d.starts_at) AS starts_at,
      COALESCE(c.expires_at, d.expires_at) AS expires_at, c.redeemed_at,
      d.name AS definition_name, d.status AS definition_status, d.case_sensitive, d.coupon_type,
      d.uses_per_coupon, d.total_uses_cap, d.total_uses,
      r.id AS item_id, r.name AS item_name, r.description AS item_description, r.reward_type, r.payload AS item_payload
      """;

  private static final String COUPON_JOINS = """
      FROM coupons c
      JOIN coupon_definitions d ON d.id = c.definition_id
      JOIN reward_items r ON r.id = d.reward_item_id
      """;

  static final String FIND_BY_CODE = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.tenant_id = $1 AND lower(c.code) = lower($2) AND c.kind <> 'claim'";

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
      SELECT id, tenant_id, name, description, config, status, starts_at, expires_at, created_at
      FROM coupon_definitions WHERE id = $1
      """;

  static final String FIND_USER_COUPON = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.tenant_id = $1 AND c.user_id = $2 AND c.id = $3";

  static final String LIST_USER_COUPONS = "SELECT " + COUPON_COLUMNS + COUPON_JOINS
      + "WHERE c.tenant_id = $1 AND c.user_id = $2 ORDER BY c.generated_at DESC, c.id";

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

  static final String LIST_ACTIVE_DEFINITIONS = """
      SELECT id, tenant_id, name, description, config, status, starts_at, expires_at, created_at
      FROM coupon_definitions
      WHERE tenant_id = $1 AND status = 'active' AND (expires_at IS NULL OR expires_at > now())
      ORDER BY created_at, id
      """;

  /**
   * Consumes one use and records the redemption in one statement. The coupon is updated only while it is
   * active, owned by nobody or by this player, and below its cap; when the definition has a total cap
   * ($5 true) it is also updated only if the definition's counter could be raised below that cap. Row
   * locks make concurrent attempts queue, and each re-checks the conditions on the row as committed.
   * No row back means nothing may be kept: the caller rolls the transaction back.
   */
  static final String CONSUME_USE = """
      WITH total AS (
        UPDATE coupon_definitions SET total_uses = total_uses + 1
        WHERE $5 AND id = $2 AND total_uses < total_uses_cap
        RETURNING id
      ), used AS (
        UPDATE coupons SET
          redemption_count = redemption_count + 1,
          user_id = $3,
          redeemed_at = $4,
          status = CASE WHEN max_uses IS NOT NULL AND redemption_count + 1 >= max_uses THEN 'redeemed' ELSE status END
        WHERE id = $1 AND status = 'active'
          AND (user_id IS NULL OR user_id = $3)
          AND (max_uses IS NULL OR redemption_count < max_uses)
          AND (NOT $5 OR EXISTS (SELECT 1 FROM total))
        RETURNING id, tenant_id, definition_id, user_id, status, redemption_count, redeemed_at
      ), redemption AS (
        INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id, redeemed_at)
        SELECT tenant_id, id, definition_id, user_id, redeemed_at FROM used
        RETURNING id, coupon_id
      )
      SELECT redemption.id AS redemption_id, used.user_id, used.status, used.redemption_count, used.redeemed_at
      FROM redemption JOIN used ON used.id = redemption.coupon_id
      """;

  private CouponSql() {
  }
}
