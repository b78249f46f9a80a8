package gg.phoenix.coupons.redis.near;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * What instances tell each other on the Redis channel {@link #CHANNEL}, as JSON: cache keys they invalidated
 * ({@code {"drop": [keys]}}), a guesser they locked out ({@code {"lockout": [tenant, who, milliseconds left]}}),
 * and heartbeats ({@code {"ping": instance}}) by which each instance knows its subscription still hears.
 * A lockout travels as time left, not an instant, so instances' clocks need not agree.
 */
public final class Announcements {

  public static final String CHANNEL = "coupons:near";

  private Announcements() {
  }

  public static String drop(List<String> keys) {
    return new JsonObject().put("drop", new JsonArray(List.copyOf(keys))).encode();
  }

  public static String lockout(String tenantId, String who, long millisLeft) {
    return new JsonObject().put("lockout", new JsonArray().add(tenantId).add(who).add(millisLeft)).encode();
  }

  /** A lockout's member in the index of lockouts in force ({@code CacheKeys.lockoutIndex()}). */
  public static String lockoutMember(String tenantId, String who) {
    return new JsonArray().add(tenantId).add(who).encode();
  }

  static String ping(String instanceId) {
    return new JsonObject().put("ping", instanceId).encode();
  }

  /** Applies an announcement heard on the channel; anything unreadable is ignored. */
  static void apply(String payload, LocalCaches caches) {
    JsonObject message;
    try {
      message = new JsonObject(payload);
    } catch (RuntimeException e) {
      return;
    }
    JsonArray drop = message.getJsonArray("drop");
    if (drop != null) {
      caches.drop(drop.stream().map(String::valueOf).toList());
    }
    JsonArray lockout = message.getJsonArray("lockout");
    if (lockout != null && lockout.size() == 3) {
      caches.lockouts().lock(lockout.getString(0), lockout.getString(1),
          System.currentTimeMillis() + lockout.getLong(2));
    }
  }

  /** Loads a member of the lockout index with its score (the instant it ends). */
  static void applyIndexed(String member, long untilMillis, LocalCaches caches) {
    try {
      JsonArray guesser = new JsonArray(member);
      caches.lockouts().lock(guesser.getString(0), guesser.getString(1), untilMillis);
    } catch (RuntimeException e) {
      // Not one of ours: ignored.
    }
  }
}
