package gg.phoenix.coupons.metrics;

import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.config.ServiceConfig;
import gg.phoenix.coupons.db.PgPools;
import gg.phoenix.coupons.redis.RedisClients;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the connections that readiness is judged by: asks PostgreSQL {@code SELECT 1} and Redis {@code PING},
 * each with a short timeout, and answers which of them is up. HTTP asks it over the event bus, so nothing
 * in http/ touches a database.
 */
public class HealthVerticle extends VerticleBase {

  static final String PING_SQL = "SELECT 1";
  static final long CHECK_TIMEOUT_MS = 2000;

  private static final Logger LOG = LoggerFactory.getLogger(HealthVerticle.class);

  private final ServiceConfig config;
  private Pool pool;
  private Redis redis;

  /** @param config the service's settings, read once by MainVerticle */
  public HealthVerticle(ServiceConfig config) {
    this.config = config;
  }

  @Override
  public Future<?> start() {
    pool = PgPools.shared(vertx, config);
    redis = RedisClients.create(vertx, config, 2);
    return vertx.eventBus().<JsonObject>localConsumer(Addresses.HEALTH_CHECK, this::check).completion();
  }

  @Override
  public Future<?> stop() {
    if (redis != null) {
      redis.close();
    }
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private void check(Message<JsonObject> msg) {
    Future<String> postgres = state("postgres", pool.query(PING_SQL).execute());
    Future<String> redisState = state("redis", redis.send(Request.cmd(Command.PING)));
    Future.join(postgres, redisState).onComplete(done ->
        msg.reply(new JsonObject().put("postgres", postgres.result()).put("redis", redisState.result())));
  }

  private static Future<String> state(String name, Future<?> probe) {
    return probe.timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .map("up")
        .otherwise(err -> {
          LOG.warn("Readiness: {} is down ({})", name, err.getMessage());
          return "down";
        });
  }
}
