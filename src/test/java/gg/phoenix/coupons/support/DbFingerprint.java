package gg.phoenix.coupons.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row counts and checksums of every table the API writes, restricted to some tenants (other test classes
 * share the schema), plus the number of tenants overall (a tenant the admin API made by mistake shows up).
 * Columns the background relay may set (published_at, published_by) are left out.
 */
public final class DbFingerprint implements AutoCloseable {

  private static final Map<String, String> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("tenants", "SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM tenants t WHERE id = ANY(?)");
    TABLES.put("tenants_total", "SELECT count(*) AS n, '' AS sum FROM tenants WHERE cardinality(?::text[]) >= 0");
    for (String table : List.of("reward_items", "coupon_definitions", "redemptions", "generation_jobs", "webhooks",
        "webhook_deliveries")) {
      TABLES.put(table, "SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM " + table
          + " t WHERE tenant_id = ANY(?)");
    }
    // Coupons through their definitions (index coupons_definition; an array, which the planner cannot make a hash
    // join over every coupon): no index of coupons leads with tenant_id over every kind, and scanning the schema's
    // coupons (hundreds of thousands once the suite has run a while) for each case made a fuzz run take many minutes.
    TABLES.put("coupons", "SELECT count(*) AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS sum FROM coupons t"
        + " WHERE t.definition_id = ANY (ARRAY(SELECT id FROM coupon_definitions WHERE tenant_id = ANY(?)))");
    TABLES.put("outbox_events", "SELECT count(*) AS n, md5(string_agg(event_id::text || type || payload::text, '|' ORDER BY event_id))"
        + " AS sum FROM outbox_events WHERE tenant_id = ANY(?)");
    TABLES.put("webhook_attempts", "SELECT count(*) AS n, md5(string_agg(a::text, '|' ORDER BY a::text)) AS sum FROM webhook_attempts a"
        + " JOIN webhook_deliveries d ON d.id = a.delivery_id WHERE d.tenant_id = ANY(?)");
  }

  private final Connection conn;
  private final String[] tenantIds;

  public DbFingerprint(List<String> tenantIds) throws SQLException {
    this.conn = TestBackends.get().jdbc();
    this.tenantIds = tenantIds.toArray(String[]::new);
  }

  /** "table=count:checksum" for every table, in a fixed order. */
  public Map<String, String> take() {
    Map<String, String> result = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, String> table : TABLES.entrySet()) {
        try (PreparedStatement st = conn.prepareStatement(table.getValue())) {
          st.setArray(1, conn.createArrayOf("text", tenantIds));
          try (ResultSet rs = st.executeQuery()) {
            rs.next();
            result.put(table.getKey(), rs.getLong("n") + ":" + rs.getString("sum"));
          }
        }
      }
      return result;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws SQLException {
    conn.close();
  }
}
