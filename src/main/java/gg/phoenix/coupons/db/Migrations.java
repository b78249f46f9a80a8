package gg.phoenix.coupons.db;

import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.secrets.SecretBox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades the schema with the versioned scripts under db/migration and the Java migrations that need
 * the service's keys (secrets are sealed in Java), before anything serves.
 */
public final class Migrations {

  private Migrations() {
  }

  public static Future<Integer> run(Vertx vertx, ServiceConfig config, SecretBox secrets) {
    return vertx.executeBlocking(() -> {
      String url = "jdbc:postgresql://" + config.postgres().host() + ":" + config.postgres().port() + "/" + config.postgres().database();
      Flyway flyway = Flyway.configure()
          .dataSource(url, config.postgres().user(), config.postgres().password())
          .schemas(config.postgres().schema())
          .createSchemas(true)
          .locations("classpath:db/migration")
          .javaMigrations(new V8__Encrypt_tenant_secrets(secrets), new V10__Encrypt_webhook_secrets(secrets))
          .load();
      return flyway.migrate().migrationsExecuted;
    });
  }
}
