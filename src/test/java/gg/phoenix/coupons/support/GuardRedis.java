package gg.phoenix.coupons.support;

import gg.phoenix.coupons.redis.CacheKeys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A Redis database of this test run's own, for the service under test, and the faults the guard tests inject
 * into it (flushes, lost counters). Other test runs share the Redis server, and its database 0 in particular, so
 * the service is pointed at another database number and the tests flush that one only: FLUSHDB on the database
 * the service uses is, for the service, a FLUSHALL. SCRIPT FLUSH is server-wide but harmless (every client of
 * the scripts reloads them on NOSCRIPT), so it is used as is.
 *
 * <p>The database is claimed for the run in database 0 ({@code SET ... NX EX}), so that two runs at the same
 * time (say the lead's CI and a worktree's) never flush each other's data, and only when it is empty, so that a
 * database some other tool uses without claiming it is left alone.
 */
public final class GuardRedis implements AutoCloseable {

  private static final int FIRST_DB = 8;
  private static final int LAST_DB = 15;
  private static final String CLAIM_PREFIX = "phoenix:guardtests:db:";
  private static final long CLAIM_SECONDS = 120;
  private static final String OWNER = UUID.randomUUID().toString();
  private static int claimed = -1;

  private final Redis client;
  private final RedisAPI redis;

  public GuardRedis(Vertx vertx) {
    int db = claim(vertx);
    this.client = Redis.createClient(vertx, url(db));
    this.redis = RedisAPI.api(client);
  }

  /** The service's configuration overrides: its own Redis database, and no relay or senders, which play no part here. */
  public static JsonObject serviceConfig(Vertx vertx) {
    return new JsonObject()
        .put("REDIS_URL", url(claim(vertx)))
        .put("OUTBOX_RELAY_INSTANCES", 0)
        .put("WEBHOOK_SENDERS", 0);
  }

  /** The test Redis's address with a database number: vertx-redis-client reads {@code redis://host:port/db}. */
  public static String url(int db) {
    return TestBackends.get().redisUrl.replaceFirst("(/\\d*)?/?$", "") + "/" + db;
  }

  /**
   * Claims (or keeps) a database for this JVM. The claim is short and refreshed by every test class, so runs that
   * end, or die, give their database back within two minutes.
   */
  private static synchronized int claim(Vertx vertx) {
    Redis shared = Redis.createClient(vertx, TestBackends.get().redisUrl);
    try {
      RedisAPI api = RedisAPI.api(shared);
      if (claimed >= 0) {
        Response holder = await(api.get(CLAIM_PREFIX + claimed));
        if (holder != null && OWNER.equals(holder.toString())) {
          await(api.expire(List.of(CLAIM_PREFIX + claimed, String.valueOf(CLAIM_SECONDS))));
          return claimed;
        }
      }
      for (int db = FIRST_DB; db <= LAST_DB; db++) {
        Response won = await(api.set(List.of(CLAIM_PREFIX + db, OWNER, "NX", "EX", String.valueOf(CLAIM_SECONDS))));
        if (won != null && isEmpty(vertx, db)) {
          claimed = db;
          return db;
        }
        if (won != null) {
          await(api.del(List.of(CLAIM_PREFIX + db)));
        }
      }
      throw new IllegalStateException("Redis databases " + FIRST_DB + " to " + LAST_DB + " are all claimed by other test runs");
    } finally {
      shared.close();
    }
  }

  /** A database holding keys is somebody's (a benchmark, another tool): never flush it, skip it. */
  private static boolean isEmpty(Vertx vertx, int db) {
    Redis client = Redis.createClient(vertx, url(db));
    try {
      return await(RedisAPI.api(client).dbsize()).toLong() == 0;
    } finally {
      client.close();
    }
  }

  /** The service's FLUSHALL: empties the one database it uses (counters, caches, lockouts). */
  public void flushDb() {
    await(flushDbAsync());
  }

  public Future<Response> flushDbAsync() {
    return redis.flushdb(List.of());
  }

  /** Makes Redis forget every loaded script, as a restart does: the next EVALSHA answers NOSCRIPT. */
  public void scriptFlush() {
    await(scriptFlushAsync());
  }

  public Future<Response> scriptFlushAsync() {
    return redis.script(List.of("FLUSH"));
  }

  public List<String> keys(String pattern) {
    List<String> keys = new ArrayList<>();
    for (Response key : await(redis.keys(pattern))) {
      keys.add(key.toString());
    }
    return keys;
  }

  public void del(List<String> keys) {
    if (!keys.isEmpty()) {
      await(redis.del(keys));
    }
  }

  /** ECHO: a marker that shows in MONITOR once every command sent before it has run. */
  public void echo(String text) {
    await(redis.echo(text));
  }

  /** Any other command, e.g. CLIENT LIST or ACL SETUSER. */
  public Response command(Command command, String... args) {
    Request request = Request.cmd(command);
    for (String arg : args) {
      request.arg(arg);
    }
    return await(client.send(request));
  }

  /** Adds a lease to a counter's lease set, as reserve_use.lua does for a use in flight. */
  public void lease(String counterKey, String reservationId, long expiresAtMillis) {
    await(redis.zadd(List.of(CacheKeys.leases(counterKey), String.valueOf(expiresAtMillis), reservationId)));
  }

  public long leases(String counterKey) {
    return await(redis.zcard(CacheKeys.leases(counterKey))).toLong();
  }

  public boolean exists(String key) {
    return await(redis.exists(List.of(key))).toInteger() == 1;
  }

  /** The integer held at {@code key}, or null when there is none. */
  public Integer integer(String key) {
    Response value = await(redis.get(key));
    return value == null ? null : value.toInteger();
  }

  /** Waits for a key the service writes without waiting for the answer (cache fills, miss counts). */
  public void awaitKey(String key) {
    awaitTrue(() -> exists(key), "key " + key + " to appear");
  }

  /** Polls {@code condition} until it holds, failing after 5 s. */
  public static void awaitTrue(BooleanSupplier condition, String what) {
    Streams.until(what, Duration.ofSeconds(5), condition);
  }

  public static void sleep(long millis) {
    Streams.sleep(millis);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.await(5, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("Redis did not answer in 5 s", e);
    }
  }

  /** Leaves the database empty for the next class (or run) that claims it. */
  @Override
  public void close() {
    try {
      flushDb();
    } finally {
      client.close();
    }
  }
}
