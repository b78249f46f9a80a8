package gg.phoenix.coupons.db;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.Map;

/**
 * The PostgreSQL pools of a process, each shared by every verticle instance that asks for it: the main one, and a
 * small one for bulk work (generation jobs, exports), so that however much of it runs, redemptions keep theirs.
 */
public final class PgPools {

  private static final String SHARED_NAME = "coupons-pg";
  private static final String BULK_NAME = "coupons-pg-bulk";

  private PgPools() {
  }

  public static Pool shared(Vertx vertx, ServiceConfig config) {
    PgConnectOptions connect = connectOptions(config);
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.postgres().poolSize())
        .setShared(true)
        .setName(SHARED_NAME + "-" + config.postgres().schema());
    return PgBuilder.pool().with(pool).connectingTo(connect).using(vertx).build();
  }

  /** The bulk lane's pool, BULK_POOL_SIZE connections. */
  public static Pool bulk(Vertx vertx, ServiceConfig config) {
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.jobs().bulkPoolSize())
        .setShared(true)
        .setName(BULK_NAME + "-" + config.postgres().schema());
    return PgBuilder.pool().with(pool).connectingTo(connectOptions(config)).using(vertx).build();
  }

  /** How to reach the service's database and schema; also for connections outside the pool (LISTEN). */
  public static PgConnectOptions connectOptions(ServiceConfig config) {
    return new PgConnectOptions()
        .setHost(config.postgres().host())
        .setPort(config.postgres().port())
        .setDatabase(config.postgres().database())
        .setUser(config.postgres().user())
        .setPassword(config.postgres().password())
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        // The redemption statements are longer than the client's default limit (2,048 characters): past it a
        // statement is parsed and planned by PostgreSQL on every execution instead of once per connection.
        .setPreparedStatementCacheSqlLimit(16_384)
        // PostgreSQL would otherwise plan a statement again on each execution whenever a plan made for the
        // parameters' values looks cheaper than the generic one: it does for the batched redemption, whose arrays'
        // lengths it then knows, and planning that statement cost more than running it. Every statement here looks
        // rows up by keys, where the generic plan is the plan.
        .setProperties(Map.of("search_path", config.postgres().schema(), "application_name", "coupon-service",
            "plan_cache_mode", "force_generic_plan"));
  }
}
