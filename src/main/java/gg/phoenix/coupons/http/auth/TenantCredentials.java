package gg.phoenix.coupons.http.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import gg.phoenix.coupons.bus.Addresses;
import gg.phoenix.coupons.bus.TenantRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * The secrets and status of tenants, asked of the tenant verticle and kept for a few seconds so that
 * authentication does not cost a database round trip per request. One per HTTP verticle instance, used
 * only from its event loop.
 */
public final class TenantCredentials {

  /** What authentication needs to know of a tenant; {@code secrets} is empty for an unknown tenant. */
  record Credentials(boolean found, boolean active, List<String> secrets) {
  }

  static final int MAX_CACHED = 10_000;

  private final Vertx vertx;
  private final boolean caches;
  private final DeliveryOptions delivery;
  private final Cache<String, Credentials> cache;

  /** @param ttlSeconds TENANT_CACHE_SECONDS: how long an answer is kept; 0 asks the tenant verticle every time */
  public TenantCredentials(Vertx vertx, long ttlSeconds, long timeoutMillis) {
    this(vertx, ttlSeconds, timeoutMillis, Ticker.systemTicker());
  }

  TenantCredentials(Vertx vertx, long ttlSeconds, long timeoutMillis, Ticker ticker) {
    this.vertx = vertx;
    this.caches = ttlSeconds > 0;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.cache = Caffeine.newBuilder()
        .maximumSize(MAX_CACHED)
        .expireAfterWrite(Duration.ofSeconds(Math.max(0, ttlSeconds)))
        .executor(Runnable::run)
        .ticker(ticker)
        .build();
  }

  Future<Credentials> get(String tenantId) {
    Credentials cached = cache.getIfPresent(tenantId);
    if (cached != null) {
      return Future.succeededFuture(cached);
    }
    return vertx.eventBus().<JsonObject>request(Addresses.TENANT_CREDENTIALS, new TenantRef(tenantId).toJson(), delivery)
        .map(reply -> {
          Credentials credentials = parse(reply.body());
          if (caches) {
            cache.put(tenantId, credentials);
          }
          return credentials;
        });
  }

  public void forget(String tenantId) {
    cache.invalidate(tenantId);
  }

  private static Credentials parse(JsonObject body) {
    if (!body.getBoolean("found", false)) {
      return new Credentials(false, false, List.of());
    }
    List<String> secrets = body.getJsonArray("secrets").stream().map(String::valueOf).toList();
    return new Credentials(true, "active".equals(body.getString("status")), secrets);
  }
}
