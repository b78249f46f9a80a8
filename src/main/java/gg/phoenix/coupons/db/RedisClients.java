package gg.phoenix.coupons.db;

import gg.phoenix.coupons.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Redis clients from the one connection string of the configuration. */
public final class RedisClients {

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, ServiceConfig config) {
    return Redis.createClient(vertx, new RedisOptions()
        .setConnectionString(config.redisUrl())
        .setMaxPoolSize(8)
        .setMaxPoolWaiting(1024)
        .setMaxWaitingHandlers(4096));
  }
}
