package gg.phoenix.coupons.db;

import static gg.phoenix.coupons.support.Credentials.hmac;
import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Api;
import gg.phoenix.coupons.support.SchemaUpgrade;
import gg.phoenix.coupons.support.TestBackends;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A database of a version before campaign stats, with redemptions, upgraded by starting this version on it. */
class StatsMigrationTest {

  private static final String SECRET = "migration-secret-in-clear-0123456789";
  private static final String DEFINITION = "6a0e8400-e29b-41d4-a716-446655440001";

  @RegisterExtension final SchemaUpgrade upgrade = new SchemaUpgrade();
  private String schema;

  /**
   * Version 4's schema with one definition: 10 codes, 3 revoked and 2 used up, 7 redemptions by 4 players of which 2
   * rolled back (one player's only use), at two different hours.
   */
  private void oldSchemaWithRedemptions() throws Exception {
    schema = upgrade.oldSchema("4");
    TestBackends pg = TestBackends.get();
    try (Connection conn = pg.jdbc(); Statement st = conn.createStatement()) {
      st.execute("SET search_path TO " + schema);
      st.execute("INSERT INTO tenants (id, name, secret) VALUES ('old-studio', 'Old', '" + SECRET + "')");
      st.execute("INSERT INTO reward_items (id, tenant_id, name, reward_type) VALUES ('5a0e8400-e29b-41d4-a716-446655440000', "
          + "'old-studio', 'Points', 'points')");
      st.execute("INSERT INTO coupon_definitions (id, tenant_id, name, config, reward_item_id, uses_per_coupon) VALUES ('"
          + DEFINITION + "', 'old-studio', 'Old', '{}', '5a0e8400-e29b-41d4-a716-446655440000', 2)");
      st.execute("INSERT INTO coupons (tenant_id, definition_id, code, status, max_uses) SELECT 'old-studio', '" + DEFINITION
          + "', 'OLD' || i, CASE WHEN i <= 3 THEN 'revoked' WHEN i <= 5 THEN 'redeemed' ELSE 'active' END, 2"
          + " FROM generate_series(1, 10) AS i");
      st.execute("INSERT INTO redemptions (tenant_id, coupon_id, definition_id, user_id, redeemed_at, rolled_back_at)"
          + " SELECT 'old-studio', c.id, c.definition_id, 'p' || (i % 4), '2026-01-01T10:15:00Z'::timestamptz + (i / 4) * interval '1 hour',"
          + " CASE WHEN i IN (0, 3) THEN '2026-01-01T12:30:00Z'::timestamptz END"
          + " FROM generate_series(0, 6) AS i JOIN coupons c ON c.code = 'OLD' || (4 + i % 2)");
    }
  }

  @Test
  @DisplayName("the counts of what existed before are taken from the tables: the stats and their series agree with them")
  void backfilled() throws Exception {
    oldSchemaWithRedemptions();
    Api api = upgrade.startThisVersion();

    Api.Auth server = hmac("old-studio", SECRET);
    JsonObject stats = api.get("/v1/coupons/old-studio/definitions/" + DEFINITION + "/stats", server).json();
    assertThat(stats.getLong("issued")).isEqualTo(10);
    assertThat(stats.getLong("revoked")).isEqualTo(3);
    assertThat(stats.getLong("redemptions")).isEqualTo(7);
    assertThat(stats.getLong("rollbacks")).isEqualTo(2);
    assertThat(stats.getLong("unique_players")).isEqualTo(3);
    JsonObject series = api.get("/v1/coupons/old-studio/definitions/" + DEFINITION
        + "/stats?series=redemptions&bucket=hour&from=2026-01-01T10:00:00Z&to=2026-01-01T13:00:00Z", server).json();
    assertThat(series.getJsonArray("points").stream().map(p -> ((JsonObject) p).getLong("redemptions")).toList())
        .containsExactly(4L, 3L, 0L);
    assertThat(series.getJsonArray("points").stream().map(p -> ((JsonObject) p).getLong("rollbacks")).toList())
        .containsExactly(0L, 0L, 2L);
    assertThat(api.get("/v1/coupons/old-studio/definitions/" + DEFINITION + "/batches", server).json().getLong("total")).isZero();
  }
}
