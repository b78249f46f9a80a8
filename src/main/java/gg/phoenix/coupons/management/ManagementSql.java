package gg.phoenix.coupons.management;

/** The SQL of the management API. Every statement is prepared and takes its values as parameters. */
final class ManagementSql {

  static final String INSERT_TENANT = """
      INSERT INTO tenants (id, name, secret_enc) VALUES ($1, $2, $3)
      ON CONFLICT (id) DO NOTHING
      RETURNING id, name, status, created_at, previous_secret_valid_until
      """;

  static final String GET_TENANT = """
      SELECT id, name, status, created_at, previous_secret_valid_until FROM tenants WHERE id = $1
      """;

  /** The sealed current secret, locked until the rotation commits: it is opened and sealed again as the previous one. */
  static final String LOCK_SECRET = "SELECT secret_enc FROM tenants WHERE id = $1 FOR UPDATE";

  /** $2 the new sealed secret, $3 the old one sealed as previous (null when it did not open), $4 its validity. */
  static final String ROTATE_SECRET = """
      UPDATE tenants SET secret_enc = $2, previous_secret_enc = $3, previous_secret_valid_until = $4
      WHERE id = $1
      RETURNING previous_secret_valid_until
      """;

  static final String SET_TENANT_STATUS = """
      UPDATE tenants SET status = $2 WHERE id = $1
      RETURNING id, name, status, created_at, previous_secret_valid_until
      """;

  static final String INSERT_REWARD_ITEM = """
      INSERT INTO reward_items (tenant_id, name, description, reward_type, payload) VALUES ($1, $2, $3, $4, $5)
      RETURNING id, name, description, reward_type, payload, created_at
      """;

  /**
   * A page of the tenant's reward items, oldest first ($2 the page's size plus one), with the count of all
   * (Pages); {@link #LIST_REWARD_ITEMS_AFTER} starts after the cursor's created_at $3 and id $4. Index
   * reward_items_tenant_created (tenant_id, created_at, id).
   */
  static final String LIST_REWARD_ITEMS = rewardItemsPage("");

  static final String LIST_REWARD_ITEMS_AFTER = rewardItemsPage("AND (created_at, id) > ($3, $4)");

  private static String rewardItemsPage(String after) {
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM reward_items WHERE tenant_id = $1) total"
        + " LEFT JOIN (SELECT id, name, description, reward_type, payload, created_at FROM reward_items"
        + " WHERE tenant_id = $1 " + after + " ORDER BY created_at, id LIMIT $2) page ON true"
        + " ORDER BY page.created_at, page.id";
  }

  /** The tenant's reward items among the ids $2, in the guide's shape. */
  static final String REWARD_ITEMS_OF = """
      SELECT id, jsonb_build_object('item_id', id, 'name', name, 'description', description,
        'reward_type', reward_type, 'payload', payload) AS item
      FROM reward_items WHERE tenant_id = $1 AND id = ANY($2)
      """;

  private static final String DEFINITION_COLUMNS =
      "id, tenant_id, name, description, config, status, starts_at, expires_at, created_at, translations";

  /**
   * A page of every definition of tenant $1, whatever its status, with its cap and the uses counted against it (as
   * Pages reads it); the AFTER form starts after created_at $3 and id $4. Index coupon_definitions_tenant_created.
   */
  static final String LIST_ALL_DEFINITIONS = allDefinitionsPage("");
  static final String LIST_ALL_DEFINITIONS_AFTER = allDefinitionsPage("AND (created_at, id) > ($3, $4)");

  private static String allDefinitionsPage(String after) {
    return "SELECT page.*, total.n AS total_count"
        + " FROM (SELECT count(*) AS n FROM coupon_definitions WHERE tenant_id = $1) total"
        + " LEFT JOIN (SELECT " + DEFINITION_COLUMNS + ", total_uses_cap, total_uses FROM coupon_definitions"
        + " WHERE tenant_id = $1 " + after + " ORDER BY created_at, id LIMIT $2) page ON true"
        + " ORDER BY page.created_at, page.id";
  }

  static final String INSERT_DEFINITION = """
      INSERT INTO coupon_definitions (tenant_id, name, description, config, reward_item_id, coupon_type,
        case_sensitive, uses_per_coupon, total_uses_cap, starts_at, expires_at, reward_items, translations)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
      RETURNING""" + " " + DEFINITION_COLUMNS;

  /** The one row of a public code: unique among the tenant's codes like any other. */
  static final String INSERT_PUBLIC_CODE = """
      INSERT INTO coupons (tenant_id, definition_id, kind, code) VALUES ($1, $2, 'public', $3)
      ON CONFLICT (tenant_id, lower(code)) WHERE kind <> 'claim' DO NOTHING
      RETURNING id
      """;

  static final String GET_DEFINITION = "SELECT " + DEFINITION_COLUMNS + ", config->>'code_format' AS code_format"
      + " FROM coupon_definitions WHERE tenant_id = $1 AND id = $2";

  /**
   * $3..$5: a null leaves the field as it is; expires_at is set to $7 (possibly null) when $6 says so, and the
   * config's eligibility to $9 when $8 says so ($9 null removes it).
   */
  static final String UPDATE_DEFINITION = """
      UPDATE coupon_definitions SET
        status = COALESCE($3, status),
        name = COALESCE($4, name),
        description = COALESCE($5, description),
        expires_at = CASE WHEN $6 THEN $7 ELSE expires_at END,
        config = CASE WHEN NOT $8 THEN config WHEN $9::jsonb IS NULL THEN config - 'eligibility'
                      ELSE jsonb_set(config, '{eligibility}', $9::jsonb) END
      WHERE tenant_id = $1 AND id = $2
      RETURNING""" + " " + DEFINITION_COLUMNS;

  /** Codes that collide with an existing one (in any case) are skipped and come back missing. */
  static final String INSERT_CODES = """
      INSERT INTO coupons (tenant_id, definition_id, max_uses, starts_at, expires_at, batch_id, code, user_id)
      SELECT $1, $2, $3, $4, $5, $6, u.code, u.user_id
      FROM unnest($7::text[], $8::text[]) AS u(code, user_id)
      ON CONFLICT (tenant_id, lower(code)) WHERE kind <> 'claim' DO NOTHING
      RETURNING id, code, user_id
      """;

  /** The same for unassigned codes in a job: only how many went in, which is all a job needs to know. */
  static final String INSERT_CODES_COUNTED = """
      WITH inserted AS (
        INSERT INTO coupons (tenant_id, definition_id, max_uses, starts_at, expires_at, batch_id, code)
        SELECT $1, $2, $3, $4, $5, $6, u.code FROM unnest($7::text[]) AS u(code)
        ON CONFLICT (tenant_id, lower(code)) WHERE kind <> 'claim' DO NOTHING
        RETURNING 1
      )
      SELECT count(*) AS inserted FROM inserted
      """;

  /** Answers what the coupon was before, and where it is counted, when it changed. */
  static final String REVOKE = """
      WITH old AS (
        SELECT id, status, definition_id, batch_id FROM coupons
        WHERE tenant_id = $1 AND id = $2 AND status <> 'revoked' FOR UPDATE
      )
      UPDATE coupons c SET status = 'revoked' FROM old WHERE c.id = old.id AND c.status <> 'revoked'
      RETURNING c.id, old.status AS was, old.definition_id, old.batch_id
      """;

  static final String EXPORT_PAGE = """
      SELECT c.id, c.code, c.user_id, c.status, c.redemption_count, COALESCE(c.expires_at, d.expires_at) AS expires_at
      FROM coupons c JOIN coupon_definitions d ON d.id = c.definition_id
      WHERE c.tenant_id = $1 AND c.definition_id = $2 AND c.kind <> 'public' AND c.id > $3
      ORDER BY c.id
      LIMIT $4
      """;

  private ManagementSql() {
  }
}
