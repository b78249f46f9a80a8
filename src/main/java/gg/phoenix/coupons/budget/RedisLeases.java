package gg.phoenix.coupons.budget;

import gg.phoenix.coupons.redis.CacheKeys;
import gg.phoenix.coupons.redis.LuaScript;
import io.vertx.core.Future;
import io.vertx.redis.client.RedisAPI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The tenants' shared buckets in Redis, one hash per tenant, changed only by lua/take_budget.lua. */
public final class RedisLeases implements LeaseSource {

  private static final LuaScript TAKE = LuaScript.fromClasspath("lua/take_budget.lua");

  private final RedisAPI redis;
  private final long timeoutMs;
  private final String rate;
  private final String burst;

  public RedisLeases(RedisAPI redis, long timeoutMs, int ratePerSecond, int burst) {
    this.redis = redis;
    this.timeoutMs = timeoutMs;
    this.rate = String.valueOf(ratePerSecond);
    this.burst = String.valueOf(burst);
  }

  @Override
  public Future<Lease> take(String tenantId, int wanted) {
    return TAKE.call(redis, List.of(CacheKeys.tenantBudget(tenantId)), List.of(rate, burst, String.valueOf(wanted)))
        .timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .map(answer -> new Lease(answer.get(0).toInteger(), answer.get(1).toLong()));
  }
}
