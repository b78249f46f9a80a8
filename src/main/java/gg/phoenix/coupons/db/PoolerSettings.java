package gg.phoenix.coupons.db;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What a session straight to PostgreSQL asks for at start-up (the schema, generic plans), stored instead as the
 * service role's settings in its database, which every server connection a pooler opens takes up. Only in pooler
 * mode: straight connections name their own, and the role may serve other schemas in the same database then.
 */
public final class PoolerSettings {

  /** Statements here look rows up by keys, where the generic plan is the plan (see {@link PgPools}). */
  static final String PLAN_CACHE_MODE = "force_generic_plan";

  private PoolerSettings() {
  }

  /** Stores the role's settings in the database, on a session to the server itself (never through the pooler). */
  static void store(Connection direct, ServiceConfig.Postgres pg) throws SQLException {
    String scope = "ALTER ROLE CURRENT_USER IN DATABASE " + quoted(pg.database());
    try (Statement st = direct.createStatement()) {
      // The schema is a checked lower-case identifier (PG_SCHEMA); the database name is quoted.
      st.execute(scope + " SET search_path = " + pg.schema());
      st.execute(scope + " SET plan_cache_mode = " + PLAN_CACHE_MODE);
    }
  }

  /**
   * Fails when a connection of the pool does not see the service's schema: the pooler's server connections predate
   * the settings (RECONNECT on its console renews them) or the pooler logs in as another role.
   */
  public static Future<Void> check(Pool pool, ServiceConfig.Postgres pg) {
    if (!pg.transactionPooled()) {
      return Future.succeededFuture();
    }
    return pool.query("SELECT current_schema() AS schema, current_setting('plan_cache_mode') AS plans").execute()
        .compose(rows -> {
          var row = rows.iterator().next();
          if (pg.schema().equals(row.getString("schema")) && PLAN_CACHE_MODE.equals(row.getString("plans"))) {
            return Future.succeededFuture();
          }
          return Future.failedFuture(new IllegalStateException("Through the pooler, connections see schema '"
              + row.getString("schema") + "' and plan_cache_mode '" + row.getString("plans") + "', not '" + pg.schema()
              + "' and '" + PLAN_CACHE_MODE + "': the pooler's server connections predate the role's settings "
              + "(RECONNECT on its console) or it logs in as a role other than PG_USER"));
        });
  }

  private static String quoted(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }
}
