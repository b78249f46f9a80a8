package gg.phoenix.coupons.support;

import java.sql.Connection;
import java.sql.Statement;
import org.flywaydb.core.Flyway;

/**
 * A schema of its own in the tests' database, migrated only up to an old version (SQL migrations only), so that a
 * test can fill it as that version would have and then start this version on it; {@link #drop} removes it.
 */
public record OldSchema(String name) {

  public static OldSchema migratedTo(String version) {
    OldSchema schema = new OldSchema("test_mig_" + Seed.uniqueId("s").replace("-", ""));
    TestBackends pg = TestBackends.get();
    Flyway.configure()
        .dataSource("jdbc:postgresql://" + pg.pgHost + ":" + pg.pgPort + "/" + pg.pgDatabase, pg.pgUser, pg.pgPassword)
        .schemas(schema.name).createSchemas(true).locations("classpath:db/migration").target(version)
        .load().migrate();
    return schema;
  }

  public void drop() throws Exception {
    try (Connection conn = TestBackends.get().jdbc(); Statement st = conn.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }
  }
}
