package gg.phoenix.coupons.management;

/** The SQL that reads campaign counts: one row per definition, one per bucket of a series. */
final class StatsSql {

  /**
   * $1 definition of tenant $2: its counts (zero before anything happened), cap, validations by outcome as one object, and its
   * tenant's lockouts.
   */
  static final String DEFINITION = """
      SELECT d.total_uses_cap, d.total_uses,
             COALESCE(s.issued, 0) AS issued, COALESCE(s.revoked, 0) AS revoked,
             COALESCE(s.redemptions, 0) AS redemptions, COALESCE(s.rollbacks, 0) AS rollbacks,
             COALESCE(s.players, 0) AS players,
             (SELECT jsonb_object_agg(v.outcome, v.count) FROM validation_counts v
              WHERE v.tenant_id = d.tenant_id AND v.definition_id = d.id) AS validations,
             COALESCE((SELECT l.count FROM lockout_counts l WHERE l.tenant_id = d.tenant_id), 0) AS lockouts
      FROM coupon_definitions d LEFT JOIN definition_stats s ON s.tenant_id = d.tenant_id AND s.definition_id = d.id
      WHERE d.tenant_id = $2 AND d.id = $1
      """;

  /**
   * $1 definition or batch of tenant $4, $2 bucket, $3 the buckets' starts: one row per bucket, zero where nothing
   * happened.
   */
  static final String SERIES = """
      SELECT u.starts_at, COALESCE(t.redemptions, 0) AS redemptions, COALESCE(t.rollbacks, 0) AS rollbacks
      FROM unnest($3::timestamptz[]) WITH ORDINALITY AS u(starts_at, n)
      LEFT JOIN redemption_series t ON t.tenant_id = $4 AND t.scope_id = $1 AND t.bucket = $2 AND t.starts_at = u.starts_at
      ORDER BY u.n
      """;

  private StatsSql() {
  }
}
