package gg.phoenix.coupons.db;

import gg.phoenix.coupons.ServiceConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.flywaydb.core.Flyway;

/** Creates or upgrades the schema with the versioned scripts under db/migration, before anything serves. */
public final class Migrations {

  private Migrations() {
  }

  public static Future<Integer> run(Vertx vertx, ServiceConfig config) {
    return vertx.executeBlocking(() -> {
      String url = "jdbc:postgresql://" + config.pgHost() + ":" + config.pgPort() + "/" + config.pgDatabase();
      Flyway flyway = Flyway.configure()
          .dataSource(url, config.pgUser(), config.pgPassword())
          .schemas(config.pgSchema())
          .createSchemas(true)
          .locations("classpath:db/migration")
          .load();
      return flyway.migrate().migrationsExecuted;
    });
  }
}
