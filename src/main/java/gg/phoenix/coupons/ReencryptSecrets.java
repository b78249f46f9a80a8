package gg.phoenix.coupons;

import gg.phoenix.coupons.config.ConfigLoader;
import gg.phoenix.coupons.config.DeployConfig;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.secrets.KeysetSource;
import gg.phoenix.coupons.secrets.Reencryption;
import gg.phoenix.coupons.secrets.SecretBox;
import gg.phoenix.coupons.secrets.StoredSecrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar coupon-service.jar --reencrypt-secrets}: with the service's own configuration (conf/config.json,
 * then the environment), rewrites every stored secret under the primary key of the configured keyset, while the
 * service keeps running. Run it once every instance has the new keyset (docs/security.md). Exits 0 when no
 * secret is left under an older key, 1 otherwise (secrets that do not open are listed, without their value).
 */
public final class ReencryptSecrets {

  private static final long LIMIT_MINUTES = 60;

  private ReencryptSecrets() {
  }

  public static int run(JsonObject overrides, PrintStream out, PrintStream err) {
    Vertx vertx = Vertx.vertx();
    Pool pool = null;
    try {
      JsonObject json = ConfigLoader.load(vertx, overrides).await(1, TimeUnit.MINUTES);
      ServiceConfig config = ServiceConfig.from(json);
      SecretBox secrets = KeysetSource.load(config.secrets(), DeployConfig.from(json));
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2)).connectingTo(PgPools.connectOptions(config)).using(vertx).build();
      out.println("Re-encrypting the secrets of schema " + config.postgres().schema() + " under key " + SecretBox.keyLabel(secrets.primaryKeyId()));
      Reencryption.Result result = new Reencryption(pool, secrets).run().await(LIMIT_MINUTES, TimeUnit.MINUTES);
      List<StoredSecrets.Census> census = StoredSecrets.census(pool).await(1, TimeUnit.MINUTES);
      long older = census.stream().mapToLong(c -> c.underOlderKeys(secrets)).sum();
      out.println("Rewritten: " + result.rewritten() + "; changed by the service meanwhile (kept as written): "
          + result.changedMeanwhile() + "; not opened: " + result.unreadable().size() + "; left under older keys: " + older);
      result.unreadable().forEach(line -> err.println("  not opened: " + line));
      if (older > 0) {
        err.println("Some secrets are still under older keys: an instance may still seal with an older primary, or "
            + "a secret does not open. Roll the keyset out to every instance and run --reencrypt-secrets again.");
        return 1;
      }
      out.println("Every stored secret is sealed under the primary key: older keys may now be removed from the keyset "
          + "(--secrets-keyset remove) once every instance runs with it.");
      return 0;
    } catch (Exception e) {
      err.println("--reencrypt-secrets failed: " + reason(e));
      return 1;
    } finally {
      close(pool, vertx);
    }
  }

  private static void close(Pool pool, Vertx vertx) {
    try {
      if (pool != null) {
        pool.close().await(10, TimeUnit.SECONDS);
      }
      vertx.close().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      // the process exits next: nothing is left to release
    }
  }

  private static String reason(Exception e) {
    // 42P01 no such table, 42703 no such column: a schema this version has not migrated (or another PG_SCHEMA)
    if (e instanceof PgException pg && ("42P01".equals(pg.getSqlState()) || "42703".equals(pg.getSqlState()))) {
      return "schema PG_SCHEMA has no sealed secret columns: is PG_SCHEMA right? Else start this version of the service "
          + "once, it migrates the schema (" + pg.getMessage() + ")";
    }
    return e.getMessage();
  }
}
