package gg.phoenix.coupons.redis;

import gg.phoenix.coupons.config.ServiceConfig;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.util.Arrays;

/**
 * Redis clients from the configuration: REDIS_TYPE standalone (one REDIS_URL) or cluster (REDIS_URL lists
 * some of the cluster's nodes, comma-separated; the client discovers the rest and routes by key slot).
 */
public final class RedisClients {

  private RedisClients() {
  }

  public static Redis create(Vertx vertx, ServiceConfig config, int poolSize) {
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(1024)
        .setMaxWaitingHandlers(4096);
    if ("cluster".equals(config.redis().type())) {
      options.setType(RedisClientType.CLUSTER)
          .setEndpoints(Arrays.stream(config.redis().url().split(",")).map(String::strip).toList());
    } else {
      options.setConnectionString(config.redis().url());
    }
    return Redis.createClient(vertx, options);
  }
}
