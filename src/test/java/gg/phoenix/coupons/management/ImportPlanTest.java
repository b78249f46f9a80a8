package gg.phoenix.coupons.management;

import static org.assertj.core.api.Assertions.assertThat;

import gg.phoenix.coupons.support.Seed;
import gg.phoenix.coupons.support.TestBackends;
import gg.phoenix.coupons.support.TestService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An import's chunk must cost the same whether the tenant (or the import's batch) has a thousand codes or a million:
 * a statement that reads the tenant's or the batch's codes whole for each chunk, or for each row, makes the walk
 * quadratic (a join planned as a sort of every code of the tenant did, when the statistics lagged behind a table
 * that an import grows by a million rows). So every statement of {@link ImportSql} that reads {@code coupons} must
 * find a code by a probe of the tenant's unique index on {@code lower(code)}, in the generic plan the service's
 * connections use (plan_cache_mode=force_generic_plan).
 */
@ExtendWith(TestService.class)
class ImportPlanTest {

  /** Enough codes that reading them all costs the planner more than a probe: what it then picks is its preference. */
  private static final int TENANT_CODES = 20_000;
  private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");

  @Test
  @DisplayName("every import statement that reads coupons probes the tenant's unique index by lower(code) in its generic plan, never reads the tenant's codes whole")
  void probesByCode() throws Exception {
    Seed.Tenant tenant = Seed.tenant();
    UUID definition = Seed.definition(tenant.id(), Seed.rewardItem(tenant.id()), Seed.DefinitionSpec.singleUse());
    List<String> checked = new ArrayList<>();
    List<String> scans = new ArrayList<>();
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      // Statistics taken before the tenant's codes went in, as during an import: they know nothing of this tenant.
      st.execute("ANALYZE coupons");
      Seed.update("INSERT INTO coupons (tenant_id, definition_id, code) SELECT ?, ?, 'PLAN-' || g FROM generate_series(1, "
          + TENANT_CODES + ") g", tenant.id(), definition);
      st.execute("SET plan_cache_mode = force_generic_plan");
      for (Field field : ImportSql.class.getDeclaredFields()) {
        if (field.getType() != String.class || !Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        String sql = (String) field.get(null);
        if (!sql.matches("(?s).*\\bcoupons\\b.*")) {
          continue;
        }
        st.execute("PREPARE import_plan AS " + sql);
        try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE import_plan(" + nulls(sql) + ")")) {
          rs.next();
          JsonObject plan = new JsonArray(rs.getString(1)).getJsonObject(0).getJsonObject("Plan");
          wholeReads(plan).forEach(read -> scans.add(field.getName() + ": " + read));
        } finally {
          st.execute("DEALLOCATE import_plan");
        }
        checked.add(field.getName());
      }
    }
    assertThat(checked).as("the statements checked").isNotEmpty();
    assertThat(scans).as("reads of coupons other than a probe by lower(code)").isEmpty();
  }

  /** NULL for each of the statement's parameters: a generic plan does not depend on their values. */
  private static String nulls(String sql) {
    int count = 0;
    Matcher m = PARAMETER.matcher(sql);
    while (m.find()) {
      count = Math.max(count, Integer.parseInt(m.group(1)));
    }
    return String.join(", ", Collections.nCopies(count, "NULL"));
  }

  /** The plan's nodes that read coupons other than by a probe of an index on lower(code) (its inserts aside). */
  private static List<String> wholeReads(JsonObject node) {
    List<String> found = new ArrayList<>();
    String type = node.getString("Node Type");
    if ("coupons".equals(node.getString("Relation Name")) && !"ModifyTable".equals(type)) {
      String cond = "Bitmap Heap Scan".equals(type)
          ? node.getJsonArray("Plans").getJsonObject(0).getString("Index Cond", "")
          : node.getString("Index Cond", "");
      if (!cond.contains("lower(")) {
        found.add(type + " on coupons" + (cond.isEmpty() ? "" : " by " + cond));
      }
    }
    JsonArray children = node.getJsonArray("Plans");
    if (children != null) {
      for (int i = 0; i < children.size(); i++) {
        found.addAll(wholeReads(children.getJsonObject(i)));
      }
    }
    return found;
  }
}
