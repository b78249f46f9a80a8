package gg.phoenix.coupons.db;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades the schema with the versioned scripts under db/migration and the Java migrations that need
 * the service's keys (secrets are sealed in Java), before anything serves; behind a pooler, then the role's settings
 * that stand in for start-up parameters ({@link PoolerSettings}).
 */
public final class Migrations {

  private Migrations() {
  }

  public static Future<Integer> run(Vertx vertx, ServiceConfig config, SecretBox secrets) {
    return vertx.executeBlocking(() -> {
      ServiceConfig.Postgres pg = config.postgres();
      // Always the server itself: Flyway holds a session-level lock, which a transaction-mode pooler would lose.
      String url = "jdbc:postgresql://" + pg.directHost() + ":" + pg.directPort() + "/" + pg.database();
      Flyway flyway = Flyway.configure()
          .dataSource(url, pg.user(), pg.password())
          .schemas(pg.schema())
          .createSchemas(true)
          .locations("classpath:db/migration")
          .javaMigrations(new V8__Encrypt_tenant_secrets(secrets), new V10__Encrypt_webhook_secrets(secrets))
          .load();
      int executed = flyway.migrate().migrationsExecuted;
      if (pg.transactionPooled()) {
        try (Connection direct = DriverManager.getConnection(url, pg.user(), pg.password())) {
          PoolerSettings.store(direct, pg);
        }
      }
      return executed;
    });
  }
}
