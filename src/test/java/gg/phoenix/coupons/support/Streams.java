package gg.phoenix.coupons.support;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Reads the tenants' event streams in the test Redis, as a consumer would (XRANGE). */
public final class Streams implements AutoCloseable {

  public static final String PREFIX = "coupons:events:";

  /** One stream entry: its fields, with the event parsed from {@code payload}. */
  public record Entry(String id, String eventId, String type, String tenantId, JsonObject event) {
  }

  private final Redis redis;

  public Streams(Vertx vertx) {
    this(vertx, TestBackends.get().redisUrl);
  }

  /** The streams of another Redis, e.g. a {@link PrivateRedis}. */
  public Streams(Vertx vertx, String redisUrl) {
    this.redis = Redis.createClient(vertx, redisUrl);
  }

  public static String key(String tenantId) {
    return PREFIX + tenantId;
  }

  public List<Entry> entries(String tenantId) {
    Response response = await(redis.send(Request.cmd(Command.XRANGE).arg(key(tenantId)).arg("-").arg("+")));
    List<Entry> entries = new ArrayList<>();
    for (Response item : response) {
      Response fields = item.get(1);
      JsonObject map = new JsonObject();
      for (int i = 0; i + 1 < fields.size(); i += 2) {
        map.put(fields.get(i).toString(), fields.get(i + 1).toString());
      }
      entries.add(new Entry(item.get(0).toString(), map.getString("event_id"), map.getString("type"),
          map.getString("tenant_id"), new JsonObject(map.getString("payload"))));
    }
    return entries;
  }

  /** Waits until the tenant's entries satisfy {@code done}; answers them (failing after {@code timeout}). */
  public List<Entry> await(String tenantId, Predicate<List<Entry>> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<Entry> entries = entries(tenantId);
    while (!done.test(entries)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Stream " + key(tenantId) + " did not reach the expected state in " + timeout
            + "; it has " + entries.size() + " entries");
      }
      sleep(20);
      entries = entries(tenantId);
    }
    return entries;
  }

  public void delete(String tenantId) {
    await(redis.send(Request.cmd(Command.DEL).arg(key(tenantId))));
  }

  @Override
  public void close() {
    redis.close();
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Polls {@code condition} every 20 ms until it holds, failing after {@code timeout}. */
  public static void until(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after " + timeout + " waiting for: " + what);
      }
      sleep(20);
    }
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
