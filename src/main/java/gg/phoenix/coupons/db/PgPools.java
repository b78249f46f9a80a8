package gg.phoenix.coupons.db;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.core.net.NetClientOptions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL pools of a process, each shared by every verticle instance that asks for it: the main one, and a
 * small one for bulk work (generation jobs, exports), so that however much of it runs, redemptions keep theirs; and,
 * with PG_REPLICA_HOST, one to the read replica ({@link ReadRouting} decides which pool a read takes).
 */
public final class PgPools {

  private static final String SHARED_NAME = "coupons-pg";
  private static final String BULK_NAME = "coupons-pg-bulk";
  private static final String REPLICA_NAME = "coupons-pg-replica";
  /** A replica that is down must not hold reads up: they go to the primary instead ({@link ReadRouting}). */
  private static final int REPLICA_CONNECT_TIMEOUT_MS = 1000;
  private static final String APPLICATION_NAME = "coupon-service";

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

  /** The read replica's pool, PG_REPLICA_POOL_SIZE connections; only with PG_REPLICA_HOST set. */
  public static Pool replica(Vertx vertx, ServiceConfig config) {
    PoolOptions pool = new PoolOptions()
        .setMaxSize(config.replica().poolSize())
        .setConnectionTimeout(REPLICA_CONNECT_TIMEOUT_MS)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setShared(true)
        .setName(REPLICA_NAME + "-" + config.postgres().schema());
    return PgBuilder.pool().with(pool).with(replicaNetOptions()).connectingTo(replicaConnectOptions(config)).using(vertx).build();
  }

  /** The read replica itself (never through a pooler), in the service's schema. */
  static PgConnectOptions replicaConnectOptions(ServiceConfig config) {
    ServiceConfig.Replica replica = config.replica();
    return session(new PgConnectOptions().setDatabase(replica.database()).setUser(replica.user())
        .setPassword(replica.password()).setHost(replica.host()).setPort(replica.port()), config.postgres().schema());
  }

  static NetClientOptions replicaNetOptions() {
    return new NetClientOptions().setConnectTimeout(REPLICA_CONNECT_TIMEOUT_MS);
  }

  /**
   * How the pools reach the service's database and schema. Straight to PostgreSQL, each connection is a session of
   * its own: it names its schema and asks for generic plans at start-up, and keeps its prepared statements. Through a
   * transaction-mode pooler, consecutive transactions of one client land on different server connections, and the
   * pooler refuses or drops start-up parameters: the schema and the plan choice come from the role's settings in the
   * database ({@link PoolerSettings}), and every statement is sent unnamed, parsed again with each execution.
   */
  public static PgConnectOptions connectOptions(ServiceConfig config) {
    ServiceConfig.Postgres pg = config.postgres();
    PgConnectOptions options = login(pg).setHost(pg.host()).setPort(pg.port());
    if (pg.transactionPooled()) {
      return options.setCachePreparedStatements(false)
          // Parse, Bind and Execute go out together before one Sync, so no other client's transaction can come
          // between the statement and its execution on the server connection.
          .setUseLayer7Proxy(true)
          .setProperties(Map.of("application_name", APPLICATION_NAME));
    }
    return session(options, pg.schema());
  }

  /** The PostgreSQL server itself, never a pooler: for a connection that must stay one session (LISTEN). */
  public static PgConnectOptions directConnectOptions(ServiceConfig config) {
    ServiceConfig.Postgres pg = config.postgres();
    return session(login(pg).setHost(pg.directHost()).setPort(pg.directPort()), pg.schema());
  }

  private static PgConnectOptions login(ServiceConfig.Postgres pg) {
    return new PgConnectOptions().setDatabase(pg.database()).setUser(pg.user()).setPassword(pg.password());
  }

  private static PgConnectOptions session(PgConnectOptions options, String schema) {
    return options
        .setCachePreparedStatements(true)
        .setPreparedStatementCacheMaxSize(256)
        // The redemption statements are longer than the client's default limit (2,048 characters): past it a
        // statement is parsed and planned by PostgreSQL on every execution instead of once per connection.
        .setPreparedStatementCacheSqlLimit(16_384)
        // PostgreSQL would otherwise plan a statement again on each execution whenever a plan made for the
        // parameters' values looks cheaper than the generic one: it does for the batched redemption, whose arrays'
        // lengths it then knows, and planning that statement cost more than running it. Every statement here looks
        // rows up by keys, where the generic plan is the plan.
        .setProperties(Map.of("search_path", schema, "application_name", APPLICATION_NAME,
            "plan_cache_mode", PoolerSettings.PLAN_CACHE_MODE));
  }
}
